package dev.baton.poll;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Votes, one row per choice, written with single statements that are safe when the same person clicks twice at
 * once: a single-choice vote is an upsert of the voter's one row, a multiple-choice click toggles one row.
 */
@Repository
class Ballots {

    private final JdbcClient jdbc;

    Ballots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Single choice: the voter's choice is now {@code choice}. */
    void choose(long pollId, String voter, int choice, Long memberId) {
        jdbc.sql("""
                INSERT INTO poll_ballot (poll_id, voter, slot, choice, member_id) VALUES (?, ?, 0, ?, ?)
                ON DUPLICATE KEY UPDATE choice = VALUES(choice)""").params(pollId, voter, choice, memberId).update();
    }

    /** Multiple choice: adds {@code choice} to the voter's choices, or removes it if it was there; true if added. */
    boolean toggle(long pollId, String voter, int choice, Long memberId) {
        int removed = jdbc.sql("DELETE FROM poll_ballot WHERE poll_id = ? AND voter = ? AND slot = ?")
                .params(pollId, voter, choice).update();
        if (removed > 0) {
            return false;
        }
        jdbc.sql("INSERT IGNORE INTO poll_ballot (poll_id, voter, slot, choice, member_id) VALUES (?, ?, ?, ?, ?)")
                .params(pollId, voter, choice, choice, memberId).update();
        return true;
    }

    List<Integer> choicesOf(long pollId, String voter) {
        return jdbc.sql("SELECT choice FROM poll_ballot WHERE poll_id = ? AND voter = ? ORDER BY choice")
                .params(pollId, voter).query(Integer.class).list();
    }

    /** How many chose each option (options nobody chose are absent). */
    Map<Integer, Integer> counts(long pollId) {
        Map<Integer, Integer> counts = new TreeMap<>();
        jdbc.sql("SELECT choice, COUNT(*) FROM poll_ballot WHERE poll_id = ? GROUP BY choice").param(pollId)
                .query((rs, i) -> counts.put(rs.getInt(1), rs.getInt(2))).list();
        return counts;
    }

    int voters(long pollId) {
        return jdbc.sql("SELECT COUNT(DISTINCT voter) FROM poll_ballot WHERE poll_id = ?").param(pollId)
                .query(Integer.class).single();
    }

    /** Named polls only: who chose each option, in member-id order. */
    Map<Integer, List<Long>> namedVoters(long pollId) {
        Map<Integer, List<Long>> out = new TreeMap<>();
        jdbc.sql("""
                SELECT choice, member_id FROM poll_ballot WHERE poll_id = ? AND member_id IS NOT NULL
                ORDER BY choice, member_id""").param(pollId)
                .query((rs, i) -> out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getLong(2)))
                .list();
        return out;
    }

    /** Each voter's choices, grouped by voter id (for a named poll the member's id, else an opaque hash). */
    Map<String, List<Integer>> byVoter(long pollId) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        jdbc.sql("SELECT voter, choice FROM poll_ballot WHERE poll_id = ? ORDER BY voter, choice").param(pollId)
                .query((rs, i) -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getInt(2)))
                .list();
        return out;
    }

    /** The ids of members who voted in a named poll. */
    List<Long> namedMembers(long pollId) {
        return jdbc.sql("SELECT DISTINCT member_id FROM poll_ballot WHERE poll_id = ? AND member_id IS NOT NULL")
                .param(pollId).query(Long.class).list();
    }

    /**
     * Replaces every voter id of a closed anonymous poll by a hash of it with a salt that is forgotten right after,
     * so the secret that made the ids no longer leads from a member to their vote; each voter's rows stay together.
     */
    void unlink(long pollId, String salt) {
        jdbc.sql("UPDATE poll_ballot SET voter = SHA2(CONCAT(voter, ?), 256) WHERE poll_id = ?")
                .params(salt, pollId).update();
    }
}
