package dev.baton.okr;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Inbound;
import dev.baton.conversation.Reply;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Adding a key result to an objective: typed ({@code /okr kr O-1 "Title" from 65 to 80}, or {@code measure
 * leads.handed_off source webinar to 400} for one that measures itself) or through its form ({@code /okr kr O-1}),
 * whose measure is a choice; and {@code /okr measures}, what can be measured.
 */
@Component
class OkrKeyResults {

    static final String FORM = "okr.kr-form";
    private static final String MEASURE_USAGE = "okr.kr-measure";
    /** The form's choice for a key result people check in by hand. */
    private static final String BY_HAND = "manual";

    private final Okrs okrs;
    private final Team team;
    private final Measuring measuring;

    OkrKeyResults(Okrs okrs, Team team, Measuring measuring) {
        this.okrs = okrs;
        this.team = team;
        this.measuring = measuring;
    }

    /** What a new key result is, however it was given. */
    private record Draft(String title, BigDecimal from, boolean fromPercent, BigDecimal to, boolean toPercent,
            String unit, Member owner, Measure measure, Measure.Filter filter) {
    }

    void create(Context ctx, Member me, Args args) {
        Objective o = okrs.requireObjective(me.workspace(), args.word("okr.error.objective-missing"), "okr.kr");
        if (!args.hasMore()) {
            mayAdd(me, o);
            ctx.openForm(form(ctx, o));
            return;
        }
        String title = args.phrase("okr.error.title-missing", OkrCommands.OPTION_WORDS);
        Args.Number from = null;
        Args.Number to = null;
        String unit = null;
        Measure measure = null;
        Measure.Filter filter = null;
        Member owner = team.member(o.ownerId());
        while (args.hasMore()) {
            String opt = args.take("from", "to", "unit", "owner", "measure", "测量")
                    .orElseThrow(() -> args.fail("error.unexpected", args.peek().orElseThrow().text()));
            switch (opt) {
                case "from" -> from = args.number("okr.error.from-missing", "okr.error.bad-number");
                case "to" -> to = args.number("okr.error.to-missing", "okr.error.bad-number");
                case "unit" -> unit = args.phrase("okr.error.unit-missing", OkrCommands.OPTION_WORDS);
                case "measure", "测量" -> {
                    String key = args.word("okr.error.measure-missing").toLowerCase(Locale.ROOT);
                    measure = measuring.find(key).orElseThrow(() -> new UsageException(MEASURE_USAGE,
                            "okr.error.unknown-measure", key));
                    Optional<String> name = args.take(measure.filters().toArray(String[]::new));
                    if (name.isPresent()) {
                        filter = new Measure.Filter(name.get(), args.phrase("okr.error.filter-value-missing",
                                OkrCommands.OPTION_WORDS));
                    } else if (args.peek().filter(t -> !List.of(OkrCommands.OPTION_WORDS).contains(t.text()))
                            .isPresent()) {
                        throw new UsageException(MEASURE_USAGE, "okr.error.unknown-filter",
                                args.peek().get().text(), measure.key(), String.join(", ", measure.filters()));
                    }
                }
                default -> owner = team.mentioned(me, args.next("error.mention-missing"), "okr.kr");
            }
        }
        if (measure != null && from == null) {
            from = new Args.Number(BigDecimal.ZERO, false); // a count starts from nothing
        }
        if (from == null || to == null) {
            throw args.fail("okr.error.from-to-missing");
        }
        if (from.value().compareTo(to.value()) == 0) {
            throw args.fail("okr.error.start-equals-target");
        }
        mayAdd(me, o);
        Draft d = new Draft(title, from.value(), from.percent(), to.value(), to.percent(), unit, owner, measure,
                filter);
        problem(me, o, d).ifPresent(p -> {
            throw new UsageException(d.measure() != null ? MEASURE_USAGE : null, p.key(), p.args());
        });
        add(ctx, o, d);
    }

    private void mayAdd(Member me, Objective o) {
        if (!okrs.mayUpdate(me, o.ownerId())) {
            throw new UsageException(null, "okr.error.not-allowed-kr", o.ref(),
                    team.member(o.ownerId()).displayName());
        }
    }

    private record Problem(String key, Object... args) {
    }

    /** What is wrong with a draft beyond its syntax: an owner one may not choose, a link that counts nothing. */
    private Optional<Problem> problem(Member me, Objective o, Draft d) {
        if (d.owner().id() != o.ownerId() && !team.canManage(me, d.owner())) {
            return Optional.of(new Problem("okr.error.not-allowed-owner", d.owner().displayName()));
        }
        if (d.measure() != null && d.filter() != null && !d.measure().matchesAny(me.workspace(), d.filter())) {
            return Optional.of(new Problem("okr.error.filter-matches-nothing", d.filter().name(), d.filter().value(),
                    d.measure().key()));
        }
        if (d.measure() != null && o.departmentId() != null && !o.departmentId().equals(me.departmentId())
                && !team.department(o.departmentId()).map(dept -> team.manages(me, dept)).orElse(false)) {
            return Optional.of(new Problem("okr.error.measure-outside", d.measure().key(),
                    team.department(o.departmentId()).map(dept -> dept.name()).orElse("?")));
        }
        return Optional.empty();
    }

    private void add(Context ctx, Objective o, Draft d) {
        String unit = d.unit();
        if (unit == null && (d.fromPercent() || d.toPercent())) {
            unit = "%";
        }
        if (unit == null && d.measure() != null && !d.measure().unit().isEmpty()) {
            unit = d.measure().unit();
        }
        KeyResult kr = KeyResult.create(o.id(), d.owner().id(), d.title(), d.from(), d.to(), Okrs.normaliseUnit(unit),
                ctx.instant());
        if (d.measure() == null) {
            kr = okrs.keyResults().save(kr);
            ctx.reply(ctx.t("okr.kr.created", kr.ref(), kr.title(), o.ref(), OkrFormat.value(kr.startValue(),
                    kr.unit()), OkrFormat.value(kr.targetValue(), kr.unit()), d.owner().displayName()));
            return;
        }
        kr.measureBy(d.measure().key(), d.filter() == null ? null : d.filter().stored());
        kr = okrs.keyResults().save(kr);
        measuring.measure(kr, ctx.instant());
        String what = ctx.t(d.measure().descriptionKey()) + (d.filter() == null ? ""
                : ctx.t("okr.kr.measure-filter", d.filter().name(), d.filter().value()));
        ctx.reply(ctx.t("okr.kr.created-measured", kr.ref(), kr.title(), o.ref(), what,
                OkrFormat.value(kr.currentValue(), kr.unit()), OkrFormat.value(kr.targetValue(), kr.unit()),
                d.owner().displayName()));
    }

    private Reply.Form form(Context ctx, Objective o) {
        List<Reply.Option> measures = new ArrayList<>();
        measures.add(new Reply.Option(BY_HAND, ctx.t("okr.krform.by-hand")));
        for (Measure m : measuring.all().values()) {
            measures.add(new Reply.Option(m.key(), m.key() + " — " + ctx.t(m.descriptionKey())));
        }
        return new Reply.Form(FORM, ctx.t("okr.krform.title", o.ref()), ctx.t("okr.krform.add"), List.of(
                new Reply.FormField("title", ctx.t("okr.krform.name"), Reply.FormField.Kind.TEXT, false, null,
                        List.of(), null),
                new Reply.FormField("measure", ctx.t("okr.krform.measure"), Reply.FormField.Kind.SELECT, false,
                        BY_HAND, measures, null),
                new Reply.FormField("filter", ctx.t("okr.krform.filter"), Reply.FormField.Kind.TEXT, true, null,
                        List.of(), ctx.t("okr.krform.filter.hint")),
                new Reply.FormField("from", ctx.t("okr.krform.from"), Reply.FormField.Kind.NUMBER, true, null,
                        List.of(), ctx.t("okr.krform.from.hint")),
                new Reply.FormField("to", ctx.t("okr.krform.to"), Reply.FormField.Kind.NUMBER, false, null,
                        List.of(), null),
                new Reply.FormField("unit", ctx.t("okr.krform.unit"), Reply.FormField.Kind.TEXT, true, null,
                        List.of(), null)), o.ref());
    }

    /** The form sent back: each problem at its field, nothing added until all are right. */
    void onForm(Context ctx, Inbound.FormSubmission form) {
        Member me = team.member(ctx.speaker().memberId());
        Objective o = okrs.requireObjective(me.workspace(), form.metadata(), "okr.kr");
        mayAdd(me, o);
        Map<String, String> v = form.values();
        Map<String, String> errors = new LinkedHashMap<>();
        String title = text(v, "title");
        if (title.isEmpty()) {
            errors.put("title", ctx.t("okr.error.title-missing"));
        }
        Measure measure = null;
        String chosen = text(v, "measure").isEmpty() ? BY_HAND : text(v, "measure");
        if (!chosen.isBlank() && !chosen.equals(BY_HAND)) {
            measure = measuring.find(chosen).orElse(null);
            if (measure == null) {
                errors.put("measure", ctx.t("okr.error.unknown-measure", chosen));
            }
        }
        Measure.Filter filter = null;
        String filterText = text(v, "filter");
        if (!filterText.isEmpty()) {
            String[] parts = filterText.split("\\s+", 2);
            if (measure == null) {
                errors.put("filter", ctx.t("okr.error.filter-without-measure"));
            } else if (parts.length < 2 || !measure.filters().contains(parts[0].toLowerCase(Locale.ROOT))) {
                errors.put("filter", ctx.t("okr.error.unknown-filter", parts[0], measure.key(),
                        String.join(", ", measure.filters())));
            } else {
                filter = new Measure.Filter(parts[0].toLowerCase(Locale.ROOT), parts[1].strip());
            }
        }
        Optional<Args.Number> from = number(v.get("from"), "from", measure != null, errors, ctx);
        Optional<Args.Number> to = number(v.get("to"), "to", false, errors, ctx);
        if (from.isPresent() && to.isPresent() && from.get().value().compareTo(to.get().value()) == 0) {
            errors.put("to", ctx.t("okr.error.start-equals-target"));
        }
        String unit = text(v, "unit");
        if (errors.isEmpty()) {
            Draft d = new Draft(title, from.get().value(), from.get().percent(), to.get().value(),
                    to.get().percent(), unit.isEmpty() ? null : unit, team.member(o.ownerId()), measure, filter);
            Optional<Problem> p = problem(me, o, d);
            if (p.isEmpty()) {
                add(ctx, o, d);
                return;
            }
            errors.put(d.filter() != null ? "filter" : "measure", ctx.t(p.get().key(), p.get().args()));
        }
        ctx.formErrors(errors);
    }

    /** A field's answer, stripped; empty when the platform sent none (a field left empty may come as null). */
    private static String text(Map<String, String> values, String field) {
        String v = values.get(field);
        return v == null ? "" : v.strip();
    }

    /** A number field: {@code optionalAsZero} makes an empty one 0 (a measured count starts from nothing). */
    private static Optional<Args.Number> number(String text, String field, boolean optionalAsZero,
            Map<String, String> errors, Context ctx) {
        if (text == null || text.isBlank()) {
            if (optionalAsZero) {
                return Optional.of(new Args.Number(BigDecimal.ZERO, false));
            }
            errors.put(field, ctx.t(field.equals("from") ? "okr.error.from-missing" : "okr.error.to-missing"));
            return Optional.empty();
        }
        Optional<Args.Number> n = Args.parseNumber(text.strip());
        if (n.isEmpty()) {
            errors.put(field, ctx.t("okr.error.bad-number", text.strip()));
        }
        return n;
    }

    /** What key results can measure, with their filters, in the reader's language. */
    void measures(Context ctx, Args args) {
        args.expectEnd();
        List<String> lines = new ArrayList<>();
        for (Measure m : measuring.all().values()) {
            lines.add(ctx.t("okr.measures.line", m.key(), ctx.t(m.descriptionKey()), String.join(", ", m.filters())));
        }
        ctx.reply(new Reply.Card(ctx.t("okr.measures.title"), lines, List.of(), List.of(),
                ctx.t("okr.measures.footer")));
    }
}
