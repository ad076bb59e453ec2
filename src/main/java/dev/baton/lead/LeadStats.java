package dev.baton.lead;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Token;
import dev.baton.team.Member;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * {@code /lead stats [30d | 2026Q1]}: the workspace's lead funnel by source — handed off, accepted, won, conversion —
 * with the median time to accept, the median lead-to-close days and the quality sales rated.
 */
@Component
class LeadStats {

    private static final Pattern DAYS = Pattern.compile("(?i)(\\d{1,3})d");
    private static final Pattern QUARTER = Pattern.compile("(?i)(\\d{4})q([1-4])");

    private final LeadReport report;

    LeadStats(LeadReport report) {
        this.report = report;
    }

    void stats(Context ctx, Member me, Args args) {
        ZonedDateTime now = ctx.now();
        Instant from;
        Instant to = ctx.instant();
        String label;
        Optional<Token> t = args.peek();
        if (t.isEmpty()) {
            from = to.minus(Duration.ofDays(30));
            label = ctx.t("lead.stats.days", 30);
        } else {
            String w = args.word("lead.error.period-missing");
            Matcher d = DAYS.matcher(w);
            Matcher q = QUARTER.matcher(w);
            if (d.matches() && Integer.parseInt(d.group(1)) > 0) {
                from = to.minus(Duration.ofDays(Integer.parseInt(d.group(1))));
                label = ctx.t("lead.stats.days", Integer.parseInt(d.group(1)));
            } else if (q.matches()) {
                YearMonth start = YearMonth.of(Integer.parseInt(q.group(1)), (Integer.parseInt(q.group(2)) - 1) * 3 + 1);
                from = start.atDay(1).atStartOfDay(now.getZone()).toInstant();
                to = start.plusMonths(3).atDay(1).atStartOfDay(now.getZone()).toInstant();
                label = w.toUpperCase(Locale.ROOT);
            } else {
                throw args.fail("lead.error.bad-period", w);
            }
        }
        args.expectEnd();
        LeadReport.Funnel f = report.funnel(me.workspace(), from, to);
        if (f.isEmpty()) {
            ctx.reply(ctx.t("lead.stats.none", label));
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(ctx.t("lead.stats.header"));
        f.bySource().forEach(s -> lines.add(ctx.t("lead.stats.source", s.source(), s.leads(), s.accepted(), s.won(),
                s.conversionPercent())));
        lines.add(f.medianHoursToAccept().map(h -> ctx.t("lead.stats.accept", String.format(Locale.ROOT, "%.1f", h),
                f.hoursToAccept().size())).orElse(ctx.t("lead.stats.accept.none")));
        lines.add(f.medianDaysToClose().map(d -> ctx.t("lead.stats.cycle", String.format(Locale.ROOT, "%.1f", d),
                f.daysToClose().size())).orElse(ctx.t("lead.stats.cycle.none")));
        f.averageQuality().ifPresent(q -> lines.add(ctx.t("lead.stats.quality", String.format(Locale.ROOT, "%.1f", q),
                f.ratings().size())));
        ctx.reply(new Reply.Card(ctx.t("lead.stats.title", label), lines, List.of(), List.of(),
                ctx.t("lead.stats.footer", f.created())));
    }

    static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

}
