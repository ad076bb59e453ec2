package dev.baton.digest;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.conversation.When;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/** {@code /digest}: the weekly digest on demand, and its day, time, sections and opt-out. */
@Component
class DigestCommands implements CommandHandler {

    private static final CommandSpec SPEC = new CommandSpec("digest", "digest.summary", List.of(
            new Usage("digest.now", "now [marketing]", "digest.help.now"),
            new Usage("digest.settings", "settings", "digest.help.settings"),
            new Usage("digest.settings", "settings day mon time 09:00", "digest.help.settings-when"),
            new Usage("digest.settings", "settings sections okr,content", "digest.help.settings-sections"),
            new Usage("digest.settings", "settings off | settings on", "digest.help.settings-off")));

    private final Team team;
    private final DigestSettings settings;
    private final Digests digests;
    private final DigestJob job;

    DigestCommands(Team team, DigestSettings settings, Digests digests, DigestJob job) {
        this.team = team;
        this.settings = settings;
        this.digests = digests;
        this.job = job;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        String sub = args.hasMore() ? args.subcommand("digest", "now", "settings") : "now";
        if (sub.equals("now")) {
            now(ctx, me, args.forUsage("digest.now"));
        } else {
            settings(ctx, me, args.forUsage("digest.settings"));
        }
    }

    private void now(Context ctx, Member me, Args args) {
        List<Department> departments;
        if (args.hasMore()) {
            Department d = team.requireDepartment(me.workspace(), args.word("error.dept-key-missing"), "digest.now");
            args.expectEnd();
            if (!team.manages(me, d)) {
                throw new UsageException(null, "error.not-allowed-dept", d.name());
            }
            departments = List.of(d);
        } else {
            departments = team.managedBy(me.id());
            if (departments.isEmpty() && me.isAdmin()) {
                departments = team.departments(me.workspace());
            }
            if (departments.isEmpty()) {
                throw new UsageException(null, "digest.error.not-a-manager");
            }
        }
        // on demand the digest is a private reply, and Slack cannot attach a file to one; the chart comes weekly
        ctx.reply(digests.build(me, departments, settings.of(me.id()).sections(), ctx.instant(), ctx.texts()).card());
    }

    private void settings(Context ctx, Member me, Args args) {
        DigestSettings.Setting s = settings.of(me.id());
        DayOfWeek day = s.day();
        LocalTime time = s.time();
        boolean enabled = s.enabled();
        Set<String> sections = s.sections();
        boolean changed = false;
        while (args.hasMore()) {
            String opt = args.take("day", "time", "sections", "off", "on")
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            changed = true;
            switch (opt) {
                case "day" -> {
                    String w = args.word("digest.error.day-missing");
                    day = When.weekday(w).orElseThrow(() -> args.fail("error.bad-weekday", w));
                }
                case "time" -> {
                    String w = args.word("digest.error.time-missing");
                    time = When.time(w).orElseThrow(() -> args.fail("digest.error.bad-time", w));
                }
                case "sections" -> {
                    String w = args.phrase("digest.error.sections-missing");
                    Set<String> chosen = new LinkedHashSet<>();
                    for (String part : w.toLowerCase(Locale.ROOT).split("[,，\\s]+")) {
                        if (!DigestSettings.SECTIONS.contains(part)) {
                            throw args.fail("digest.error.bad-section", part);
                        }
                        chosen.add(part);
                    }
                    sections = chosen;
                }
                case "off" -> enabled = false;
                default -> enabled = true;
            }
        }
        DigestSettings.Setting updated = new DigestSettings.Setting(day, time, enabled, sections);
        if (changed) {
            settings.save(me.id(), updated);
            job.plan(me);
        }
        String dayName = day.getDisplayName(TextStyle.FULL, ctx.texts().locale());
        String text = enabled ? ctx.t("digest.settings.on", dayName, time.toString(), me.zone().getId(),
                String.join(", ", sections)) : ctx.t("digest.settings.off");
        if (team.managedBy(me.id()).isEmpty()) {
            text += "\n" + ctx.t("digest.settings.not-a-manager");
        }
        ctx.reply(new Reply.Text(text));
    }
}
