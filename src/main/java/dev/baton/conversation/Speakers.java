package dev.baton.conversation;

import java.util.Optional;

/** Finds (and on first contact registers) the member who sent an inbound. Implemented by the team module. */
public interface Speakers {

    /** Registering asks the platform for the person's name, zone and language: call it outside a transaction. */
    Speaker resolve(Origin origin);

    /** The member who sent an inbound if Baton has met them; never registers anyone, so fine in a transaction. */
    Optional<Speaker> known(Origin origin);
}
