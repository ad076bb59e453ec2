package dev.baton.team;

import java.util.HashMap;
import java.util.Map;
import org.springframework.data.relational.core.mapping.event.AfterSaveCallback;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The speaker's member row, kept for the rest of the inbound's transaction: the engine reads it to know who speaks,
 * and nearly every handler then asks for that member again ({@link Team#member(long)}). Reading it once was one
 * statement less for every command — a cache, added because the typed check-ins missed their benchmark floor
 * (issue #29). It lives exactly as long as the transaction; a save of a member replaces its copy, so a handler never
 * sees an older version than the one it saved.
 */
@Component
class ReadInTransaction implements AfterSaveCallback<Member> {

    private static final Object KEY = ReadInTransaction.class;

    /** Keeps {@code member} for the current transaction; nothing outside one. */
    static void keep(Member member) {
        Map<Long, Member> read = read(true);
        if (read != null) {
            read.put(member.id(), member);
        }
    }

    /** The member kept in the current transaction, or null. */
    static Member get(long id) {
        Map<Long, Member> read = read(false);
        return read == null ? null : read.get(id);
    }

    @Override
    public Member onAfterSave(Member saved) {
        Map<Long, Member> read = read(false);
        if (read != null && read.containsKey(saved.id())) {
            read.put(saved.id(), saved);
        }
        return saved;
    }

    @SuppressWarnings("unchecked")
    private static Map<Long, Member> read(boolean create) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<Long, Member> read = (Map<Long, Member>) TransactionSynchronizationManager.getResource(KEY);
        if (read == null && create) {
            Map<Long, Member> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(KEY, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
            read = fresh;
        }
        return read;
    }
}
