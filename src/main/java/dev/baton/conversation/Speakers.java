package dev.baton.conversation;

import java.util.Optional;

/** Finds (and on first contact registers) the member who sent an inbound. Implemented by the team module. */
public interface Speakers {

    Speaker resolve(Origin origin);

    /**
     * The member who sent an inbound if Baton has met them; never registers anyone (registering asks the platform,
     * which must not happen inside a transaction).
     */
    Optional<Speaker> known(Origin origin);
}
