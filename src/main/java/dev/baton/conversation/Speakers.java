package dev.baton.conversation;

import java.util.Optional;

/** Finds (and on first contact registers) the member who sent an inbound. Implemented by the team module. */
public interface Speakers {

    /** Registers someone new (their profile follows from the platform in the background); its own transaction. */
    Speaker resolve(Origin origin);

    /** The member who sent an inbound if Baton has met them; never registers anyone, so fine in a transaction. */
    Optional<Speaker> known(Origin origin);

    /** The platform says a person's profile changed: Baton looks it up again soon (nothing for someone unknown). */
    void profileChanged(String workspace, String userId);
}
