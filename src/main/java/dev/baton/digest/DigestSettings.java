package dev.baton.digest;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A manager's digest preferences (defaults: Monday 09:00 local, every section, on). */
@Component
class DigestSettings {

    static final List<String> SECTIONS = List.of("okr", "content", "leads", "meetings", "training");

    record Setting(DayOfWeek day, LocalTime time, boolean enabled, Set<String> sections) {
    }

    static final Setting DEFAULT = new Setting(DayOfWeek.MONDAY, LocalTime.of(9, 0), true,
            new LinkedHashSet<>(SECTIONS));

    private final JdbcClient jdbc;

    DigestSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Setting of(long memberId) {
        return jdbc.sql("SELECT day, at_time, enabled, sections FROM digest_setting WHERE member_id = ?")
                .param(memberId)
                .query((rs, i) -> new Setting(DayOfWeek.valueOf(rs.getString("day")),
                        LocalTime.parse(rs.getString("at_time")), rs.getBoolean("enabled"),
                        new LinkedHashSet<>(List.of(rs.getString("sections").split(",")))))
                .optional().orElse(DEFAULT);
    }

    void save(long memberId, Setting s) {
        jdbc.sql("""
                INSERT INTO digest_setting (member_id, day, at_time, enabled, sections) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE day = VALUES(day), at_time = VALUES(at_time), enabled = VALUES(enabled),
                    sections = VALUES(sections)""")
                .params(memberId, s.day().name(), s.time().toString(), s.enabled(), String.join(",", s.sections()))
                .update();
    }
}
