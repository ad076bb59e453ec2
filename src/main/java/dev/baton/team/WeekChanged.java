package dev.baton.team;

import java.util.Collection;

/**
 * What Baton waits on from these members changed by something they did not do themselves — a lead handed to them or
 * taken away when its time ran out, a questionnaire closing — so what shows their week (a home page) follows.
 * What people do themselves is followed through the engine's own event.
 */
public record WeekChanged(Collection<Long> memberIds) {
}
