package dev.baton.system;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows read once per transaction: a command reads its speaker, the owner of what it touches and that thing's parent
 * several times over (a check-in read the same member four times). Each cache lives exactly as long as the
 * transaction it was made in, so a retried or rolled-back transaction starts empty and another one never sees it;
 * outside a transaction nothing is cached. Whoever writes a cached row puts the saved row back with {@link #put}.
 */
public final class TransactionCache<T> {

    private static final String PREFIX = TransactionCache.class.getName() + ":";

    private final String name;

    /** {@code name} tells caches apart; one instance per kind of row. */
    public TransactionCache(String name) {
        this.name = PREFIX + name;
    }

    /** The row with {@code id}, read through {@code load} the first time in this transaction. */
    public Optional<T> get(long id, Function<Long, Optional<T>> load) {
        Map<Long, T> rows = rows();
        if (rows == null) {
            return load.apply(id);
        }
        T known = rows.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<T> loaded = load.apply(id);
        loaded.ifPresent(row -> rows.put(id, row));
        return loaded;
    }

    /** The row with {@code id} if this transaction has read it already; never reads. */
    public Optional<T> cached(long id) {
        Map<Long, T> rows = rows();
        return rows == null ? Optional.empty() : Optional.ofNullable(rows.get(id));
    }

    /** A row read or written some other way in this transaction. */
    public T put(long id, T row) {
        Map<Long, T> rows = rows();
        if (rows != null) {
            rows.put(id, row);
        }
        return row;
    }

    /**
     * Empties every cache of the current transaction: {@link GroupCommit} runs several requests' work in one
     * transaction, and each must read for itself (one whose changes were undone may have put rows that are no longer
     * there).
     */
    static void forget() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.getResourceMap().forEach((key, value) -> {
                if (key instanceof String s && s.startsWith(PREFIX) && value instanceof Map<?, ?> rows) {
                    rows.clear();
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Long, T> rows() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<Long, T> rows = (Map<Long, T>) TransactionSynchronizationManager.getResource(name);
        if (rows == null) {
            Map<Long, T> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(name, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void suspend() {
                    TransactionSynchronizationManager.unbindResourceIfPossible(name);
                }

                @Override
                public void resume() {
                    TransactionSynchronizationManager.bindResource(name, fresh);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(name);
                }
            });
            rows = fresh;
        }
        return rows;
    }
}
