package dev.baton.system;

import java.nio.charset.StandardCharsets;

/** iCalendar text as RFC 5545 wants it on the wire. */
public final class Ics {

    private static final int MAX_OCTETS = 75;

    private Ics() {
    }

    /**
     * Folds every line to at most 75 octets (RFC 5545 §3.1), each continuation starting with a space, never inside a
     * character: ical4j folds by characters, and a line of Chinese text was three times as long in octets (calendar
     * apps that hold to the RFC cut or refuse it).
     */
    public static String fold(String ics) {
        StringBuilder out = new StringBuilder(ics.length() + ics.length() / 20);
        String[] lines = ics.split("\r\n", -1);
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l];
            int used = 0;
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int chars = Character.charCount(cp);
                int octets = line.substring(i, i + chars).getBytes(StandardCharsets.UTF_8).length;
                if (used + octets > MAX_OCTETS) {
                    out.append("\r\n ");
                    used = 1;
                }
                out.append(line, i, i + chars);
                used += octets;
                i += chars;
            }
            if (l < lines.length - 1) {
                out.append("\r\n");
            }
        }
        return out.toString();
    }
}
