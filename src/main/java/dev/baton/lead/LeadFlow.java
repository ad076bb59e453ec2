package dev.baton.lead;

import dev.baton.calendar.WorkingCalendar;
import java.time.LocalDate;
import java.util.function.Predicate;
import dev.baton.conversation.Deliveries;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.schedule.Job;
import dev.baton.schedule.JobHandler;
import dev.baton.schedule.Schedule;
import dev.baton.team.Department;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Where a lead goes and what happens when nobody takes it: the first matching rule names a member or a pool; a
 * pool gives it to whoever's turn it is among those present (not out of office), under capacity and not having
 * passed on it. Half-way through the acceptance SLA the assignee is reminded; when it runs out the lead moves to
 * the next person and the sales manager is told. 72 hours after acceptance without contact, an alert goes out.
 */
@Component
class LeadFlow implements JobHandler {

    static final String KIND = "lead";
    static final int DEFAULT_SLA_MINUTES = 4 * 60;
    static final Duration CONTACT_WINDOW = Duration.ofHours(72);

    private final WorkingCalendar calendar;
    private final Leads leads;
    private final LeadPools pools;
    private final LeadRules rules;
    private final LeadEvents events;
    private final LeadView view;
    private final LeadWebhooks webhooks;
    private final Schedule schedule;
    private final Deliveries deliveries;
    private final Team team;
    private final MessageSource messages;
    private final Clock clock;

    LeadFlow(Leads leads, LeadPools pools, LeadRules rules, LeadEvents events, LeadView view, LeadWebhooks webhooks,
            Schedule schedule, Deliveries deliveries, Team team, MessageSource messages, Clock clock,
            WorkingCalendar calendar) {
        this.calendar = calendar;
        this.leads = leads;
        this.pools = pools;
        this.rules = rules;
        this.events = events;
        this.view = view;
        this.webhooks = webhooks;
        this.schedule = schedule;
        this.deliveries = deliveries;
        this.team = team;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return KIND;
    }

    Texts texts(Member m) {
        return new Texts(messages, m.locale());
    }

    /** A new lead is routed; returns who has it now, if anyone. */
    Optional<Member> route(Lead lead, Long actorId, Instant now) {
        events.add(lead, now, actorId, "created", lead.createdVia());
        webhooks.changed(lead, "created", now);
        Optional<LeadRule> rule = rules.findByWorkspaceOrderByPosition(lead.workspace()).stream()
                .filter(r -> r.matches(lead)).findFirst();
        int sla = rule.map(LeadRule::slaMinutes).orElse(DEFAULT_SLA_MINUTES);
        if (rule.isPresent() && rule.get().memberId() != null) {
            return Optional.of(assign(lead, team.member(rule.get().memberId()), null, sla, now, false));
        }
        Long poolId = rule.map(LeadRule::poolId).orElse(null);
        return next(lead, poolId, sla, now, false);
    }

    /** The next available member of the lead's pool takes it, or it waits unassigned and the manager is told. */
    private Optional<Member> next(Lead lead, Long poolId, int sla, Instant now, boolean rerouted) {
        if (poolId == null) {
            lead.unassigned(null, sla);
            leads.save(lead);
            events.add(lead, now, null, "unassigned", null);
            tellManagers(lead, null, "lead.unassigned.no-rule");
            return Optional.empty();
        }
        LeadPool pool = pools.findById(poolId).orElseThrow();
        Set<Long> passed = new LinkedHashSet<>(events.passedBy(lead.id()));
        for (long candidate : pool.inTurn()) {
            Member m = team.member(candidate);
            LocalDate today = LocalDate.ofInstant(now, m.zone());
            if (passed.contains(candidate) || m.isAwayOn(today) || leads.countOpenFor(candidate) >= pool.capacity()) {
                continue;
            }
            pool.took(candidate);
            pools.save(pool);
            return Optional.of(assign(lead, m, poolId, sla, now, rerouted));
        }
        lead.unassigned(poolId, sla);
        leads.save(lead);
        events.add(lead, now, null, "unassigned", pool.key());
        tellManagers(lead, pool, "lead.unassigned.pool");
        return Optional.empty();
    }

    private Member assign(Lead lead, Member to, Long poolId, int sla, Instant now, boolean rerouted) {
        lead.handOff(to.id(), poolId, sla, now);
        leads.save(lead);
        events.add(lead, now, null, rerouted ? "rerouted" : "handed-off", null);
        webhooks.changed(lead, "handed_off", now);
        Predicate<LocalDate> workday = calendar.workdays(team.calendarOf(to));
        Instant deadline = BusinessHours.after(now, sla, to.zone(), workday);
        Instant half = BusinessHours.after(now, sla / 2, to.zone(), workday);
        deliveries.enqueue(to.dm(view.handoff(lead, to, texts(to), deadline, rerouted),
                "lead:" + lead.id() + ":handoff:" + to.id() + ":" + now.toEpochMilli()));
        // seconds, not milliseconds: jobs planned while MariaDB 10.x stored whole seconds (through MySQL's driver) carry these
        String stamp = to.id() + "|" + now.getEpochSecond();
        schedule.at("lead.sla:" + lead.id(), KIND, "remind|" + stamp + "|" + deadline.toEpochMilli(), half);
        team.weekChanged(List.of(to.id()));
        return to;
    }

    void accepted(Lead lead, Member by, Instant now) {
        lead.accept(now);
        leads.save(lead);
        events.add(lead, now, by.id(), "accepted", null);
        webhooks.changed(lead, "accepted", now);
        schedule.cancel("lead.sla:" + lead.id());
        schedule.at("lead.contact:" + lead.id(), KIND, "contact|" + now.toEpochMilli(), now.plus(CONTACT_WINDOW));
        lead.createdBy().filter(id -> id != by.id()).map(team::member).ifPresent(author -> {
            Texts t = texts(author);
            deliveries.enqueue(author.dm(new Reply.Text(t.t("lead.accepted.note", by.displayName(), lead.ref(),
                    lead.company())), "lead:" + lead.id() + ":accepted-note"));
        });
    }

    /** The assignee passes: the next in the pool gets it; without a pool the manager has to decide. */
    void declined(Lead lead, Member by, String reason, Instant now) {
        events.add(lead, now, by.id(), "declined", reason);
        webhooks.changed(lead, "declined", now);
        schedule.cancel("lead.sla:" + lead.id());
        Optional<Member> next = next(lead, lead.poolId().orElse(null), lead.slaMinutes(), now, true);
        lead.createdBy().map(team::member).ifPresent(author -> {
            Texts t = texts(author);
            deliveries.enqueue(author.dm(new Reply.Text(t.t("lead.declined.note", by.displayName(), lead.ref(),
                    lead.company(), reason, next.map(Member::displayName).orElse(t.t("lead.nobody")))),
                    "lead:" + lead.id() + ":declined-note:" + by.id()));
        });
    }

    void moved(Lead lead, Member by, Lead.Status to, String note, Instant now) {
        lead.move(to, now);
        leads.save(lead);
        events.add(lead, now, by.id(), to.name().toLowerCase(java.util.Locale.ROOT), note);
        webhooks.changed(lead, to.name().toLowerCase(java.util.Locale.ROOT), now);
        if (to != Lead.Status.ACCEPTED) {
            schedule.cancel("lead.contact:" + lead.id());
        }
        if (to.closed()) {
            lead.createdBy().filter(id -> id != by.id()).map(team::member).ifPresent(author -> {
                Texts t = texts(author);
                deliveries.enqueue(author.dm(new Reply.Text(t.t("lead.closed.note", by.displayName(), lead.ref(),
                        lead.company(), t.t(to.key()))), "lead:" + lead.id() + ":closed-note:"
                        + now.toEpochMilli()));
            });
        }
    }

    /** A closed lead open again; marketing, who brought it, hears of it. */
    void reopened(Lead lead, Member by, String note, Instant now) {
        lead.reopen();
        leads.save(lead);
        events.add(lead, now, by.id(), "reopened", note);
        webhooks.changed(lead, "reopened", now);
        lead.createdBy().filter(id -> id != by.id()).map(team::member).ifPresent(author -> {
            Texts t = texts(author);
            deliveries.enqueue(author.dm(new Reply.Text(t.t("lead.reopened.note", by.displayName(), lead.ref(),
                    lead.company(), t.t(lead.status().key()))), "lead:" + lead.id() + ":reopened:"
                    + now.toEpochMilli()));
        });
    }

    @Override
    public Optional<Instant> run(Job job) {
        long id = Long.parseLong(job.key().substring(job.key().indexOf(':') + 1));
        Optional<Lead> found = leads.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Lead lead = found.get();
        Instant now = clock.instant();
        String[] p = job.payload().split("\\|");
        switch (p[0]) {
            case "remind", "timeout" -> {
                long assignee = Long.parseLong(p[1]);
                boolean same = lead.status() == Lead.Status.HANDED_OFF && lead.assigneeId().orElse(-1L) == assignee
                        && lead.handedOffAt().map(h -> h.getEpochSecond() == Long.parseLong(p[2])).orElse(false);
                if (!same) {
                    return Optional.empty();
                }
                Member m = team.member(assignee);
                Instant deadline = Instant.ofEpochMilli(Long.parseLong(p[3]));
                if (p[0].equals("remind")) {
                    Texts t = texts(m);
                    deliveries.enqueue(m.dm(new Reply.Text(t.t("lead.sla.reminder", lead.ref(), lead.company(),
                            LeadView.when(deadline, m.zone(), t))), "lead:" + lead.id() + ":remind:" + p[2]));
                    schedule.at("lead.sla:" + lead.id(), KIND, "timeout|" + p[1] + "|" + p[2] + "|" + p[3], deadline);
                } else {
                    timedOut(lead, m, now);
                }
            }
            case "contact" -> {
                if (lead.status() == Lead.Status.ACCEPTED) {
                    contactAlert(lead);
                }
            }
            default -> throw new IllegalStateException("Unknown lead step " + job.payload());
        }
        return Optional.empty();
    }

    private void timedOut(Lead lead, Member late, Instant now) {
        events.add(lead, now, null, "timed-out", null);
        team.weekChanged(List.of(late.id())); // no longer theirs to accept
        Optional<Member> next = next(lead, lead.poolId().orElse(null), lead.slaMinutes(), now, true);
        Texts lt = texts(late);
        deliveries.enqueue(late.dm(new Reply.Text(lt.t("lead.sla.taken-away", lead.ref(), lead.company())),
                "lead:" + lead.id() + ":taken:" + late.id() + ":" + now.toEpochMilli()));
        for (Member manager : managersOf(late)) {
            Texts t = texts(manager);
            deliveries.enqueue(manager.dm(new Reply.Text(t.t("lead.sla.escalated", late.displayName(), lead.ref(),
                    lead.company(), lead.slaMinutes() / 60.0,
                    next.map(Member::displayName).orElse(t.t("lead.nobody")))),
                    "lead:" + lead.id() + ":escalated:" + manager.id() + ":" + now.toEpochMilli()));
        }
    }

    private void contactAlert(Lead lead) {
        Member assignee = team.member(lead.assigneeId().orElseThrow());
        Set<Member> to = new LinkedHashSet<>();
        to.add(assignee);
        to.addAll(managersOf(assignee));
        for (Member m : to) {
            Texts t = texts(m);
            deliveries.enqueue(m.dm(new Reply.Text(t.t("lead.contact.alert", assignee.displayName(), lead.ref(),
                    lead.company(), LeadView.when(lead.acceptedAt().orElseThrow(), m.zone(), t))),
                    "lead:" + lead.id() + ":contact-alert:" + m.id()));
        }
    }

    private List<Member> managersOf(Member m) {
        return team.department(m.departmentId()).map(Department::managerId).filter(id -> id != m.id())
                .map(team::member).stream().toList();
    }

    /** Without anyone to take a lead, the managers of the pool's people (or admins) decide. */
    private void tellManagers(Lead lead, LeadPool pool, String key) {
        Set<Member> to = new LinkedHashSet<>();
        if (pool != null) {
            pool.members().stream().map(team::member).forEach(m -> to.addAll(managersOf(m)));
        }
        if (to.isEmpty()) {
            team.membersOf(lead.workspace()).stream().filter(Member::isAdmin).forEach(to::add);
        }
        for (Member m : to) {
            Texts t = texts(m);
            deliveries.enqueue(m.dm(new Reply.Text(t.t(key, lead.ref(), lead.company(),
                    pool == null ? "" : pool.key())), "lead:" + lead.id() + ":unassigned:" + m.id() + ":"
                    + clock.instant().toEpochMilli()));
        }
    }
}
