package dev.baton.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Puts people, OKRs, leads, posts, polls and due jobs straight into Baton's database (after Baton's own Flyway
 * migrations made it), in multi-row inserts, so a year of a 10,000-person organisation is there in a minute or two.
 */
final class World implements AutoCloseable {

    static final String WORKSPACE = "slack:T0BENCH";
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final int BATCH = 2000;

    private final Connection db;
    private final Random random = new Random(42);

    World(String url, String user, String password) throws SQLException {
        db = DriverManager.getConnection(url, user, password);
        // as Baton's pool does: MariaDB's driver asks for IGNORE_SPACE, which makes LEAD (the lead table) reserved
        try (var s = db.createStatement()) {
            s.execute("SET SESSION sql_mode = REPLACE(@@sql_mode, 'IGNORE_SPACE', '')");
        }
    }

    Connection connection() {
        return db;
    }

    static String quarter(LocalDate day) {
        return day.getYear() + "Q" + ((day.getMonthValue() - 1) / 3 + 1);
    }

    static String at(ZonedDateTime t) {
        return "'" + t.withZoneSameInstant(ZoneOffset.UTC).format(SQL_TIME) + "'";
    }

    static String q(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    long scalar(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String[]> rows(String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    void execute(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** Inserts {@code count} rows made by {@code values} (the parenthesised VALUES tuple of row i), in batches. */
    void insert(String table, String columns, int count, IntFunction<String> values) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (sql.length() == 0) {
                sql.append("INSERT INTO ").append(table).append(" (").append(columns).append(") VALUES ");
            } else {
                sql.append(',');
            }
            sql.append(values.apply(i));
            if ((i + 1) % BATCH == 0 || i == count - 1) {
                execute(sql.toString());
                sql.setLength(0);
            }
        }
    }

    /** Members {@code prefix}00000…, in {@code department(i)} (null for none); returns the id of the first. */
    long members(String prefix, int count, IntFunction<Long> department, String role) throws SQLException {
        long before = scalar("SELECT COALESCE(MAX(id), 0) FROM member");
        insert("member", "workspace, platform_user_id, display_name, department_id, role, time_zone, locale, "
                + "checkin_day, created_at, version", count, i -> {
                    Long d = department.apply(i);
                    String id = prefix + String.format("%05d", i);
                    return "(" + q(WORKSPACE) + "," + q(id) + "," + q(id) + "," + (d == null ? "NULL" : d) + ","
                            + q(role) + ",'Asia/Shanghai','en','MONDAY',NOW(3),0)";
                });
        return before + 1;
    }

    static String platformId(String prefix, int i) {
        return prefix + String.format("%05d", i);
    }

    /** One objective of {@code period} with one key result (0 → 100) per member; returns the first KR's id. */
    long okrs(long firstMember, int count, String period, IntFunction<Long> department) throws SQLException {
        long objectives = scalar("SELECT COALESCE(MAX(id), 0) FROM objective");
        long objectiveNumbers = lastNumber("objective");
        insert("objective", "workspace, number, title, owner_id, department_id, period, created_at, version", count,
                i -> {
                    Long d = department.apply(i);
                    return "(" + q(WORKSPACE) + "," + (objectiveNumbers + 1 + i) + ",'Grow qualified pipeline',"
                            + (firstMember + i) + "," + (d == null ? "NULL" : d) + "," + q(period) + ",NOW(3),0)";
                });
        long krs = scalar("SELECT COALESCE(MAX(number), 0) FROM key_result");
        insert("key_result", "objective_id, number, owner_id, title, start_value, target_value, current_value, unit, "
                + "confidence, version", count, i -> "(" + (objectives + 1 + i) + "," + (krs + 1 + i) + ","
                + (firstMember + i) + ",'Qualified leads',0,100,0,'',5,0)");
        countersFollow();
        return krs + 1;
    }

    /** The last reference number (O-n, L-n, …) the bench's workspace has in {@code table}. */
    private long lastNumber(String table) throws SQLException {
        return scalar("SELECT COALESCE(MAX(number), 0) FROM " + table + " WHERE workspace = " + q(WORKSPACE));
    }

    /** Baton numbers what it makes after what the bench inserted (ref_counter, see Baton's RefNumbers). */
    private void countersFollow() throws SQLException {
        for (String[] t : new String[][] {{"objective", "O"}, {"lead", "L"}, {"content_item", "C"}, {"poll", "P"},
            {"survey", "S"}}) {
            execute("INSERT INTO ref_counter (workspace, kind, last_number) SELECT workspace, '" + t[1]
                    + "', MAX(number) FROM " + t[0] + " GROUP BY workspace"
                    + " ON DUPLICATE KEY UPDATE last_number = VALUES(last_number)");
        }
        execute("INSERT INTO ref_counter (workspace, kind, last_number) SELECT o.workspace, 'KR', MAX(kr.number)"
                + " FROM key_result kr JOIN objective o ON o.id = kr.objective_id GROUP BY o.workspace"
                + " ON DUPLICATE KEY UPDATE last_number = VALUES(last_number)");
    }

    /** Due-now jobs, as Baton plans them itself: {@code kind}, key {@code keyPrefix + memberId}, payload weekly. */
    void dueJobs(String kind, String keyPrefix, long firstMember, int count) throws SQLException {
        insert("scheduled_job", "job_key, kind, payload, due_at, attempts", count,
                i -> "(" + q(keyPrefix + (firstMember + i)) + "," + q(kind) + ",'weekly',NOW(3),0)");
    }

    /**
     * A year of an organisation: departments of {@code perDepartment} people whose first is the manager, four
     * quarters of OKRs with a check-in a week, leads, posts, polls with ballots and questionnaires.
     */
    long organisation(int departments, int perDepartment, int leads, int posts, int polls, int surveys)
            throws SQLException {
        long firstDept = scalar("SELECT COALESCE(MAX(id), 0) FROM department") + 1;
        insert("department", "workspace, dept_key, name, version", departments,
                i -> "(" + q(WORKSPACE) + "," + q("d" + i) + "," + q("Department " + i) + ",0)");
        int people = departments * perDepartment;
        long first = members("DG", people, i -> firstDept + i / perDepartment, "MEMBER");
        execute("UPDATE member SET role = 'MANAGER' WHERE id >= " + first + " AND MOD(id - " + first + ", "
                + perDepartment + ") = 0");
        execute("UPDATE department d SET manager_id = " + first + " + (d.id - " + firstDept + ") * " + perDepartment
                + " WHERE d.id >= " + firstDept);
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        for (int k = 3; k >= 0; k--) {
            LocalDate inQuarter = today.minusMonths(3L * k);
            long firstKr = okrs(first, people, quarter(inQuarter), i -> firstDept + i / perDepartment);
            // thirteen weekly check-ins in the quarter, the last ones a few days old
            int weeks = 13;
            for (int w = 0; w < weeks; w++) {
                ZonedDateTime when = now.minusWeeks(13L * k + (weeks - 1 - w)).minusDays(2);
                int week = w;
                insert("check_in", "key_result_id, member_id, previous_value, value, confidence, created_at, "
                        + "version", people, i -> "(" + (firstKr + i) + "," + (first + i) + "," + (week * 7) + ","
                        + (week * 7 + 7) + "," + (3 + (i + week) % 7) + "," + at(when.minusMinutes(i % 1440)) + ",0)");
            }
            execute("UPDATE key_result SET current_value = 91, last_checkin_at = NOW(3) WHERE id >= " + firstKr);
        }
        String[] sources = {"webinar", "expo", "website", "referral", "douyin", "xiaohongshu"};
        String[] statuses = {"HANDED_OFF", "ACCEPTED", "CONTACTED", "QUALIFIED", "WON", "LOST", "DISQUALIFIED"};
        long leadNumbers = lastNumber("lead");
        insert("lead", "workspace, number, company, source, tags, intent, status, assignee_id, sla_minutes, "
                + "created_via, created_at, handed_off_at, accepted_at, contacted_at, closed_at, quality, version",
                leads, i -> {
                    ZonedDateTime created = now.minusMinutes((long) random.nextInt(365 * 24 * 60));
                    String status = statuses[random.nextInt(statuses.length)];
                    boolean accepted = !status.equals("HANDED_OFF");
                    boolean closed = status.equals("WON") || status.equals("LOST") || status.equals("DISQUALIFIED");
                    return "(" + q(WORKSPACE) + "," + (leadNumbers + 1 + i) + "," + q("Company " + i) + ","
                            + q(sources[i % sources.length])
                            + ",'',50," + q(status) + "," + (first + random.nextInt(people)) + ",240,'bench',"
                            + at(created) + "," + at(created) + "," + (accepted ? at(created.plusHours(3)) : "NULL")
                            + "," + (accepted ? at(created.plusHours(20)) : "NULL") + ","
                            + (closed ? at(created.plusDays(20)) : "NULL") + "," + (closed ? 1 + i % 5 : "NULL")
                            + ",0)";
                });
        String[] platforms = {"WECHAT", "WEIBO", "DOUYIN", "XIAOHONGSHU", "BLOG", "NEWSLETTER"};
        long postNumbers = lastNumber("content_item");
        insert("content_item", "workspace, number, title, platform, owner_id, stage, draft_due_at, review_due_at, "
                + "publish_at, created_at, version", posts, i -> {
                    ZonedDateTime publish = now.minusMinutes((long) random.nextInt(365 * 24 * 60))
                            .plusDays(14);
                    String stage = publish.isBefore(now) ? (i % 10 == 0 ? "IN_REVIEW" : "PUBLISHED") : "DRAFT";
                    return "(" + q(WORKSPACE) + "," + (postNumbers + 1 + i) + "," + q("Post " + i) + ","
                            + q(platforms[i % platforms.length]) + ","
                            + (first + random.nextInt(people)) + "," + q(stage) + "," + at(publish.minusDays(3)) + ","
                            + at(publish.minusDays(1)) + "," + at(publish) + "," + at(publish.minusDays(10)) + ",0)";
                });
        long firstPoll = scalar("SELECT COALESCE(MAX(id), 0) FROM poll") + 1;
        long pollNumbers = lastNumber("poll");
        insert("poll", "workspace, number, channel_id, creator_id, question, kind, multiple, anonymous, hidden, "
                + "allow_add, min_voters, status, closes_at, closed_at, final_voters, locale, zone, created_at, version",
                polls, i -> {
                    ZonedDateTime created = now.minusMinutes((long) random.nextInt(365 * 24 * 60));
                    return "(" + q(WORKSPACE) + "," + (pollNumbers + 1 + i) + ",'CTRAINING',"
                            + (first + (long) (i % departments) * perDepartment)
                            + "," + q("Was session " + i + " useful?") + ",'CHOICE',0,0,0,0,3,'CLOSED',"
                            + at(created.plusHours(1)) + "," + at(created.plusHours(1)) + ",10,'en','Asia/Shanghai',"
                            + at(created) + ",0)";
                });
        insert("poll_option", "poll_id, position, label", polls * 3,
                i -> "(" + (firstPoll + i / 3) + "," + (i % 3 + 1) + "," + q("Option " + (i % 3 + 1)) + ")");
        insert("poll_ballot", "poll_id, voter, slot, choice", polls * 10,
                i -> "(" + (firstPoll + i / 10) + "," + q(String.format("%064x", (long) i)) + ",0," + (1 + i % 3)
                        + ")");
        long surveyNumbers = lastNumber("survey");
        // the built-in questionnaire's questions, as Baton keeps them (V049)
        String training = "[{\"type\":\"LIKERT\",\"key\":\"survey.item.content\"},"
                + "{\"type\":\"LIKERT\",\"key\":\"survey.item.instructor\"},"
                + "{\"type\":\"LIKERT\",\"key\":\"survey.item.format\"},"
                + "{\"type\":\"LIKERT\",\"key\":\"survey.item.usefulness\"},"
                + "{\"type\":\"NPS\",\"key\":\"survey.item.nps\"},"
                + "{\"type\":\"TEXT\",\"key\":\"survey.comment.training\",\"optional\":true}]";
        insert("survey", "workspace, number, creator_id, title, template, questions, anonymous, min_respondents, "
                + "status, closes_at, closed_at, created_at, version", surveys, i -> {
                    ZonedDateTime created = now.minusMinutes((long) random.nextInt(365 * 24 * 60));
                    return "(" + q(WORKSPACE) + "," + (surveyNumbers + 1 + i) + "," + (first + (long) (i % departments) * perDepartment) + ","
                            + q("Training " + i) + ",'TRAINING'," + q(training) + ",0,3,'CLOSED',"
                            + at(created.plusDays(3)) + ","
                            + at(created.plusDays(3)) + "," + at(created) + ",0)";
                });
        countersFollow();
        return first;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
