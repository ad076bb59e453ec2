package dev.baton.conversation;

import dev.baton.system.RoundTrip;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds (and on first contact registers) the member who sent an inbound. Implemented by the team module. */
public interface Speakers {

    Speaker resolve(Origin origin);

    /**
     * The member who sent an inbound if Baton has met them; never registers anyone (registering asks the platform,
     * which must not happen inside a transaction). Read in {@code trip} with other statements that every inbound
     * makes first: the answer is there once the trip has run.
     */
    Supplier<Optional<Speaker>> known(Origin origin, RoundTrip trip);

    /**
     * {@link #known(Origin, RoundTrip)} for several inbounds at once, in one statement per workspace: each origin's
     * speaker, in their order, empty for someone Baton has not met.
     */
    Supplier<List<Optional<Speaker>>> known(List<Origin> origins, RoundTrip trip);
}
