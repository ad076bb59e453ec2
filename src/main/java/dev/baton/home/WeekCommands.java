package dev.baton.home;

import dev.baton.conversation.Args;
import dev.baton.conversation.CommandHandler;
import dev.baton.conversation.CommandSpec;
import dev.baton.conversation.CommandSpec.Usage;
import dev.baton.conversation.Context;
import dev.baton.conversation.Target;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code /week}: the person's week, as a private answer where they typed it; opened as Slack's App Home it replaces
 * that page (and is kept current from then on, see {@link HomeRefresh}); Feishu's bot menu asks the same.
 */
@Component
class WeekCommands implements CommandHandler {

    private static final CommandSpec SPEC = new CommandSpec("week", "week.summary", List.of(
            new Usage("week.show", "", "week.help.show")));

    private final Team team;
    private final MyWeek week;
    private final HomeRefresh homes;

    WeekCommands(Team team, MyWeek week, HomeRefresh homes) {
        this.team = team;
        this.week = week;
        this.homes = homes;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public void handle(Context ctx, Args args) {
        Member me = team.member(ctx.speaker().memberId());
        args.forUsage("week.show").expectEnd();
        if (ctx.origin().fromHome()) {
            homes.opened(me, ctx.instant());
            ctx.send(new Target.Home(me.platformUserId()), week.build(me, ctx.instant(), ctx.texts()),
                    HomeRefresh.key(me, ctx.instant()));
            return;
        }
        ctx.reply(week.build(me, ctx.instant(), ctx.texts()));
    }
}
