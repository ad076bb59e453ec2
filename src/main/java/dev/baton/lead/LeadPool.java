package dev.baton.lead;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** Sales people who take leads in turn; {@code capacity} caps the open leads each may hold. */
@Table("lead_pool")
public class LeadPool {

    @Table("lead_pool_member")
    record Seat(int position, long memberId) {
    }

    @Id
    private Long id;
    private final String workspace;
    private final String poolKey;
    private int capacity;
    private int nextTurn;
    @MappedCollection(idColumn = "pool_id")
    private Set<Seat> seats;
    @Version
    private Integer version;

    @PersistenceCreator
    LeadPool(Long id, String workspace, String poolKey, int capacity, int nextTurn, Set<Seat> seats,
            Integer version) {
        this.id = id;
        this.workspace = workspace;
        this.poolKey = poolKey;
        this.capacity = capacity;
        this.nextTurn = nextTurn;
        this.seats = new HashSet<>(seats);
        this.version = version;
    }

    static LeadPool of(String workspace, String key, List<Long> members, int capacity) {
        LeadPool p = new LeadPool(null, workspace, key, capacity, 0, Set.of(), null);
        p.members(members, capacity);
        return p;
    }

    void members(List<Long> members, int capacity) {
        this.capacity = capacity;
        seats.clear();
        for (int i = 0; i < members.size(); i++) {
            seats.add(new Seat(i, members.get(i)));
        }
        nextTurn = 0;
    }

    /** Members in turn order, starting with whose turn it is. */
    List<Long> inTurn() {
        List<Long> ordered = members();
        if (ordered.isEmpty()) {
            return ordered;
        }
        int start = Math.floorMod(nextTurn, ordered.size());
        return java.util.stream.Stream.concat(ordered.subList(start, ordered.size()).stream(),
                ordered.subList(0, start).stream()).toList();
    }

    /** {@code memberId} took a lead: the turn passes to the member after them. */
    void took(long memberId) {
        List<Long> ordered = members();
        nextTurn = (ordered.indexOf(memberId) + 1) % ordered.size();
    }

    List<Long> members() {
        return seats.stream().sorted(Comparator.comparingInt(Seat::position)).map(Seat::memberId).toList();
    }

    public long id() {
        return id;
    }

    String key() {
        return poolKey;
    }

    String workspace() {
        return workspace;
    }

    int capacity() {
        return capacity;
    }
}
