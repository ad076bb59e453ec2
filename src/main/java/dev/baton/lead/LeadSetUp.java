package dev.baton.lead;

import dev.baton.conversation.Args;
import dev.baton.conversation.Context;
import dev.baton.conversation.Reply;
import dev.baton.conversation.Token;
import dev.baton.conversation.UsageException;
import dev.baton.team.Member;
import dev.baton.team.Role;
import dev.baton.team.Team;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** How leads are routed, set up by admins: pools that take turns, ordered rules, the CRM webhooks' dead letters. */
@Component
class LeadSetUp {

    /** An SLA as typed: {@code 4h}, {@code 90m}. */
    private static final Pattern SLA = Pattern.compile("(?i)(\\d{1,3})(h|m)");

    private final LeadPools pools;
    private final LeadRules rules;
    private final LeadView view;
    private final LeadWebhooks webhooks;
    private final Team team;

    LeadSetUp(LeadPools pools, LeadRules rules, LeadView view, LeadWebhooks webhooks, Team team) {
        this.pools = pools;
        this.rules = rules;
        this.view = view;
        this.webhooks = webhooks;
        this.team = team;
    }

    void requireSetUp(Member me) {
        if (!me.isAdmin() && me.role() != Role.MANAGER) {
            throw new UsageException(null, "lead.error.setup-only");
        }
    }

    void pool(Context ctx, Member me, Args args) {
        requireSetUp(me);
        String key = args.word("lead.error.pool-missing").toLowerCase(Locale.ROOT);
        if (!key.matches("[a-z][a-z0-9-]{1,39}")) {
            throw args.fail("lead.error.bad-pool", key);
        }
        List<Long> members = new ArrayList<>();
        int capacity = 10;
        while (args.hasMore()) {
            if (args.take("capacity").isPresent()) {
                capacity = args.integer("lead.error.capacity-missing", "lead.error.bad-capacity", 1, 500);
                continue;
            }
            Member m = team.mentioned(me, args.next("error.mention-missing"), "lead.pool");
            if (!members.contains(m.id())) {
                members.add(m.id());
            }
        }
        if (members.isEmpty()) {
            throw args.fail("lead.error.pool-empty");
        }
        int cap = capacity;
        LeadPool pool = pools.findByWorkspaceAndPoolKey(me.workspace(), key).map(p -> {
            p.members(members, cap);
            return p;
        }).orElseGet(() -> LeadPool.of(me.workspace(), key, members, cap));
        pools.save(pool);
        ctx.reply(ctx.t("lead.pool.saved", key, String.join(", ", members.stream().map(view::name).toList()), cap));
    }

    void rule(Context ctx, Member me, Args args) {
        String what = args.subcommand("lead rule", "add", "list", "remove");
        List<LeadRule> existing = rules.findByWorkspaceOrderByPosition(me.workspace());
        switch (what) {
            case "list" -> {
                args.expectEnd();
                listRules(ctx, existing);
            }
            case "remove" -> {
                requireSetUp(me);
                int n = args.integer("lead.error.rule-missing", "lead.error.bad-rule", 1, 999);
                args.expectEnd();
                if (n > existing.size()) {
                    throw args.fail("lead.error.no-rule", n);
                }
                rules.delete(existing.get(n - 1));
                List<LeadRule> left = new ArrayList<>(existing);
                left.remove(n - 1);
                for (int i = 0; i < left.size(); i++) {
                    left.get(i).moveTo(i + 1);
                    rules.save(left.get(i));
                }
                listRules(ctx, left);
            }
            default -> {
                requireSetUp(me);
                String f = args.word("lead.error.field-missing");
                LeadRule.Field field = Arrays.stream(LeadRule.Field.values())
                        .filter(x -> x.name().equalsIgnoreCase(f)).findFirst()
                        .orElseThrow(() -> args.fail("lead.error.bad-field", f));
                String value = "*";
                if (field != LeadRule.Field.ANY) {
                    value = args.next("lead.error.value-missing", f).text().strip();
                    if (field == LeadRule.Field.INTENT && !value.matches("\\d{1,3}")) {
                        throw args.fail("lead.error.bad-intent", value);
                    }
                }
                if (args.take("to").isEmpty()) {
                    throw args.fail("lead.error.target-missing");
                }
                Long memberId = null;
                Long poolId = null;
                if (args.take("pool").isPresent()) {
                    String key = args.word("lead.error.pool-missing").toLowerCase(Locale.ROOT);
                    poolId = pools.findByWorkspaceAndPoolKey(me.workspace(), key)
                            .orElseThrow(() -> args.fail("lead.error.no-pool", key)).id();
                } else {
                    memberId = team.mentioned(me, args.next("error.mention-missing"), "lead.rule").id();
                }
                int sla = LeadFlow.DEFAULT_SLA_MINUTES;
                if (args.take("sla").isPresent()) {
                    Token s = args.next("lead.error.sla-missing");
                    Matcher m = SLA.matcher(s.text());
                    if (!m.matches()) {
                        throw args.fail("lead.error.bad-sla", s.text());
                    }
                    sla = Integer.parseInt(m.group(1)) * (m.group(2).equalsIgnoreCase("h") ? 60 : 1);
                    if (sla < 15 || sla > 5 * 9 * 60) {
                        throw args.fail("lead.error.bad-sla", s.text());
                    }
                }
                args.expectEnd();
                rules.save(LeadRule.of(me.workspace(), existing.size() + 1, field, value, memberId, poolId, sla));
                listRules(ctx, rules.findByWorkspaceOrderByPosition(me.workspace()));
            }
        }
    }

    void listRules(Context ctx, List<LeadRule> list) {
        if (list.isEmpty()) {
            ctx.reply(ctx.t("lead.rules.none"));
            return;
        }
        List<String> lines = new ArrayList<>();
        for (LeadRule r : list) {
            String target = r.memberId() != null ? "@" + view.name(r.memberId())
                    : ctx.t("lead.rules.pool", pools.findById(r.poolId()).map(LeadPool::key).orElse("?"));
            String condition = r.field() == LeadRule.Field.ANY ? ctx.t("lead.rules.any")
                    : r.field() == LeadRule.Field.INTENT ? ctx.t("lead.rules.intent", r.matchValue())
                    : r.field().name().toLowerCase(Locale.ROOT) + " = " + r.matchValue();
            lines.add(ctx.t("lead.rules.line", r.position(), condition, target, r.slaMinutes() / 60.0));
        }
        ctx.reply(new Reply.Card(ctx.t("lead.rules.title"), lines, List.of(), List.of(), ctx.t("lead.rules.footer")));
    }

    void webhooks(Context ctx, Member me, Args args) {
        if (!me.isAdmin()) {
            throw new UsageException(null, "error.admin-only");
        }
        if (args.take("replay").isPresent()) {
            Long id = args.take("all").isPresent() ? null
                    : (long) args.integer("lead.error.delivery-missing", "lead.error.bad-delivery", 1,
                            Integer.MAX_VALUE);
            args.expectEnd();
            int n = webhooks.replay(me.workspace(), id);
            ctx.reply(n == 0 ? ctx.t("lead.webhooks.nothing") : ctx.t("lead.webhooks.replayed", n));
            return;
        }
        args.expectEnd();
        List<LeadWebhooks.Dead> dead = webhooks.dead(me.workspace());
        if (dead.isEmpty()) {
            ctx.reply(ctx.t("lead.webhooks.none"));
            return;
        }
        List<String> lines = dead.stream().map(d -> ctx.t("lead.webhooks.line", d.id(), d.webhook(), d.leadRef(),
                d.event(), d.attempts(), d.error() == null ? "" : d.error())).toList();
        ctx.reply(new Reply.Card(ctx.t("lead.webhooks.title"), lines, List.of(), List.of(),
                ctx.t("lead.webhooks.footer")));
    }
}
