package dev.baton.conversation;

/** Finds (and on first contact registers) the member who sent an inbound. Implemented by the team module. */
public interface Speakers {

    Speaker resolve(Origin origin);
}
