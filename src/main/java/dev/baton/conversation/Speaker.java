package dev.baton.conversation;

import java.time.ZoneId;
import java.util.Locale;

/**
 * The member behind an inbound, as the engine needs to know them. {@code keepsHomeOpen}: they have opened their home
 * page, which follows what they do.
 */
public record Speaker(long memberId, String userId, String displayName, String role, ZoneId zone, Locale locale,
        boolean keepsHomeOpen) {
}
