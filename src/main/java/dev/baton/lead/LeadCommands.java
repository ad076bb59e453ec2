package dev.baton.lead;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** {@code /lead}: hand leads to sales, accept or decline them, move them to won or lost, rate them, report. */
@Component
class LeadCommands implements CommandHandler {

    static final String FORM_NEW = "lead.new-form";
    static final String FORM_DECLINE = "lead.decline-form";
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{5,24}");
    private static final String[] FIELDS = {"contact", "email", "phone", "source", "campaign", "tags", "intent",
        "region", "product", "notes"};

    private static final CommandSpec SPEC = new CommandSpec("lead", "lead.summary", List.of(
            new Usage("lead.new", "new \"Acme Ltd\" source webinar [contact \"Li Lei\"] [email li@acme.com] "
                    + "[phone +86 138…] [campaign spring] [tags ev,fleet] [intent 80] [region east] [product suv] "
                    + "[notes \"…\"]", "lead.help.new"),
            new Usage("lead.show", "show L-1", "lead.help.show"),
            new Usage("lead.mine", "mine", "lead.help.mine"),
            new Usage("lead.accept", "accept L-1", "lead.help.accept"),
            new Usage("lead.decline", "decline L-1 \"reason\"", "lead.help.decline"),
            new Usage("lead.status", "status L-1 contacted|qualified|disqualified|won|lost [\"note\"]",
                    "lead.help.status"),
            new Usage("lead.reopen", "reopen L-1 [\"why\"]", "lead.help.reopen"),
            new Usage("lead.rate", "rate L-1 1-5", "lead.help.rate"),
            new Usage("lead.stats", "stats [30d | 90d | 2026Q1]", "lead.help.stats"),
            new Usage("lead.pool", "pool sales @bob @dave [capacity 5]", "lead.help.pool"),
            new Usage("lead.rule", "rule add tag vip | region east | product suv | source webinar | intent 80 | any "
                    + "to @member | pool sales [sla 4h] · rule list · rule remove 2", "lead.help.rule"),
            new Usage("lead.webhooks", "webhooks [replay 12 | replay all]", "lead.help.webhooks")));

    private final Leads leads;
    private final LeadStats stats;
    private final LeadEvents events;
    private final LeadView view;
    private final LeadFlow flow;
    private final LeadDecisions decisions;
    private final LeadSetUp setUp;
    private final Team team;

    LeadCommands(Leads leads, LeadEvents events, LeadView view, LeadFlow flow, LeadDecisions decisions,
            LeadSetUp setUp, LeadStats stats, Team team) {
        this.leads = leads;
        this.stats = stats;
        this.events = events;
        this.view = view;
        this.flow = flow;
        this.decisions = decisions;
        this.setUp = setUp;
        this.team = team;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        if (!args.hasMore()) {
            mine(ctx, me);
            return;
        }
        String sub = args.subcommand("lead", "new", "show", "mine", "accept", "decline", "status", "reopen", "rate",
                "stats", "pool", "rule", "webhooks");
        Args a = args.forUsage("lead." + sub);
        switch (sub) {
            case "new" -> {
                if (!a.hasMore() && ctx.origin().triggerId() != null) {
                    ctx.openForm(newForm(ctx));
                    return;
                }
                capture(ctx, me, parse(a), "lead.new");
            }
            case "show" -> show(ctx, me, end(lead(leads, me, a), a));
            case "mine" -> {
                a.expectEnd();
                mine(ctx, me);
            }
            case "accept" -> decisions.accept(ctx, me, end(lead(leads, me, a), a));
            case "decline" -> {
                Lead lead = lead(leads, me, a);
                Token reason = a.next("lead.error.reason-missing");
                a.expectEnd();
                decisions.decline(ctx, me, lead, reason.text().strip());
            }
            case "status" -> decisions.status(ctx, me, a);
            case "reopen" -> decisions.reopen(ctx, me, a);
            case "rate" -> decisions.rate(ctx, me, a);
            case "stats" -> stats.stats(ctx, me, a);
            case "pool" -> setUp.pool(ctx, me, a);
            case "rule" -> setUp.rule(ctx, me, a);
            default -> setUp.webhooks(ctx, me, a);
        }
    }

    // ---- capture ----------------------------------------------------------------------------------------------

    private Lead.Details parse(Args args) {
        String company = args.quoted("lead.error.company-missing");
        Map<String, String> v = new LinkedHashMap<>();
        while (args.hasMore()) {
            String field = args.take(FIELDS)
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            if (field.equals("phone")) {
                // a phone number may be typed with spaces: take words until the next field name
                v.put(field, args.phrase("lead.error.value-missing", FIELDS));
            } else {
                v.put(field, args.next("lead.error.value-missing", field).text().strip());
            }
        }
        return details(company, v, args::fail);
    }

    interface Failure {
        UsageException fail(String key, Object... args);
    }

    /** The rules of a lead's fields, shared by the command, the form and the HTTP API. */
    static Lead.Details details(String company, Map<String, String> v, Failure failure) {
        if (company.length() > 200) {
            throw failure.fail("lead.error.too-long", "company", 200);
        }
        String source = v.get("source");
        if (source == null || source.isBlank()) {
            throw failure.fail("lead.error.source-missing");
        }
        String email = blank(v.get("email"));
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw failure.fail("lead.error.bad-email", email);
        }
        String phone = blank(v.get("phone"));
        if (phone != null && !PHONE.matcher(phone).matches()) {
            throw failure.fail("lead.error.bad-phone", phone);
        }
        int intent = 50;
        if (v.get("intent") != null) {
            try {
                intent = Integer.parseInt(v.get("intent").strip());
            } catch (NumberFormatException e) {
                intent = -1;
            }
            if (intent < 0 || intent > 100) {
                throw failure.fail("lead.error.bad-intent", v.get("intent"));
            }
        }
        List<String> tags = v.get("tags") == null ? List.of() : Arrays.stream(v.get("tags").split("[,，]"))
                .map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).distinct()
                .toList();
        if (String.join(",", tags).length() > 500) {
            throw failure.fail("lead.error.too-long", "tags", 500);
        }
        String notes = blank(v.get("notes"));
        if (notes != null && notes.length() > 2000) {
            throw failure.fail("lead.error.too-long", "notes", 2000);
        }
        for (String f : List.of("contact", "campaign", "region", "product")) {
            if (v.get(f) != null && v.get(f).length() > 120) {
                throw failure.fail("lead.error.too-long", f, 120);
            }
        }
        return new Lead.Details(company, blank(v.get("contact")), email == null ? null : email.toLowerCase(Locale.ROOT),
                phone, source.strip().toLowerCase(Locale.ROOT), blank(v.get("campaign")), lower(v.get("region")),
                lower(v.get("product")), tags, intent, notes);
    }

    private static String lower(String s) {
        String b = blank(s);
        return b == null ? null : b.toLowerCase(Locale.ROOT);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private void capture(Context ctx, Member me, Lead.Details d, String usage) {
        Optional<Lead> dup = leads.findOpenDuplicate(me.workspace(), d.email(), d.company());
        if (dup.isPresent()) {
            Lead l = dup.get();
            throw new UsageException(null, "lead.error.duplicate", d.company(), l.ref(), l.company(),
                    ctx.t(l.status().key()), l.assigneeId().map(view::name).orElse(ctx.t("lead.nobody")));
        }
        Lead lead = leads.save(Lead.capture(me.workspace(), d, me.id(), "chat", ctx.instant()));
        Optional<Member> to = flow.route(lead, me.id(), ctx.instant());
        ctx.reply(to.map(m -> ctx.t("lead.created", lead.ref(), lead.company(), m.displayName()))
                .orElse(ctx.t("lead.created.unassigned", lead.ref(), lead.company())));
    }

    private Reply.Form newForm(Context ctx) {
        List<Reply.FormField> fields = new ArrayList<>();
        fields.add(new Reply.FormField("company", ctx.t("lead.field.company"), Reply.FormField.Kind.TEXT, false, null,
                List.of(), null));
        fields.add(new Reply.FormField("source", ctx.t("lead.field.source"), Reply.FormField.Kind.TEXT, false, null,
                List.of(), ctx.t("lead.field.source.hint")));
        for (String f : List.of("contact", "email", "phone", "campaign", "tags", "intent", "region", "product")) {
            fields.add(new Reply.FormField(f, ctx.t("lead.field." + f), Reply.FormField.Kind.TEXT, true, null,
                    List.of(), null));
        }
        fields.add(new Reply.FormField("notes", ctx.t("lead.field.notes"), Reply.FormField.Kind.MULTILINE, true, null,
                List.of(), null));
        return new Reply.Form(FORM_NEW, ctx.t("lead.form.new"), ctx.t("lead.form.hand-off"), fields, null);
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    private void show(Context ctx, Member me, Lead lead) {
        Texts t = ctx.texts();
        List<String> lines = new ArrayList<>();
        lines.add(view.status(lead, t));
        lines.addAll(view.details(lead, me, t));
        lead.quality().ifPresent(q -> lines.add(t.t("lead.line.quality", q)));
        lines.add(t.t("lead.history"));
        for (LeadEvents.Event e : events.of(lead.id())) {
            String who = e.actorId() != null ? view.name(e.actorId())
                    : e.assigneeId() != null ? view.name(e.assigneeId()) : "Baton";
            lines.add("• " + LeadView.when(e.at(), me.zone(), t) + " " + t.t("lead.event." + e.kind(), who,
                    e.note() == null ? "" : e.note()).strip());
        }
        ctx.reply(new Reply.Card(t.t("lead.show.title", lead.ref(), lead.company()), lines, List.of(), List.of(),
                t.t("lead.show.footer", lead.ref())));
    }

    private void mine(Context ctx, Member me) {
        List<Lead> mine = leads.findByAssigneeIdOrderById(me.id()).stream().filter(l -> !l.status().closed())
                .toList();
        if (mine.isEmpty()) {
            ctx.reply(ctx.t("lead.mine.none"));
            return;
        }
        List<String> lines = mine.stream().map(l -> ctx.t("lead.mine.line", l.ref(), l.company(),
                ctx.t(l.status().key()), l.source(), l.intent())).toList();
        ctx.reply(new Reply.Card(ctx.t("lead.mine.title"), lines, List.of(), List.of(), ctx.t("lead.mine.footer")));
    }

    @Override
    public void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Map<String, String> v = form.values();
        if (form.formId().equals(FORM_DECLINE)) {
            String reason = Optional.ofNullable(v.get("reason")).map(String::strip).orElse("");
            if (reason.isEmpty()) {
                ctx.formErrors(Map.of("reason", ctx.t("lead.error.reason-missing")));
                return;
            }
            decisions.decline(ctx, me, leadById(leads, me, form.metadata()), reason);
            return;
        }
        if (!form.formId().equals(FORM_NEW)) {
            throw new UsageException(null, "error.unknown-action");
        }
        String company = Optional.ofNullable(v.get("company")).map(String::strip).orElse("");
        if (company.isEmpty()) {
            ctx.formErrors(Map.of("company", ctx.t("lead.error.company-missing")));
            return;
        }
        try {
            capture(ctx, me, details(company, v, (key, a) -> new UsageException(null, key, a)), null);
        } catch (UsageException e) {
            String field = e.key().contains("email") ? "email" : e.key().contains("phone") ? "phone"
                    : e.key().contains("intent") ? "intent" : e.key().contains("source") ? "source"
                    : e.key().contains("too-long") ? String.valueOf(e.args()[0]) : "company";
            ctx.formErrors(Map.of(field, ctx.t(e.key(), e.args())));
        }
    }

    // ---- finding ----------------------------------------------------------------------------------------------

    static Lead lead(Leads leads, Member me, Args args) {
        long id = args.ref('L', "lead.error.ref-missing", "lead.error.bad-ref");
        return leads.findByWorkspaceAndNumber(me.workspace(), id)
                .orElseThrow(() -> args.fail("lead.error.no-such", "L-" + id));
    }

    static Lead leadById(Leads leads, Member me, String id) {
        return leads.findById(Args.actionId(id)).filter(l -> l.workspace().equals(me.workspace()))
                .orElseThrow(() -> new UsageException(null, "error.unknown-action"));
    }

    static <T> T end(T value, Args args) {
        args.expectEnd();
        return value;
    }

    @Override
    public void onButton(Context ctx, Inbound.ButtonAction action) {
        decisions.onButton(ctx, action);
    }
}
