package dev.baton.team;

/** Published inside the transaction when a member registers or changes their zone, weekday or absence. */
public record MemberChanged(long memberId) {
}
