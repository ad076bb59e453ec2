package dev.baton.conversation;

import java.util.Optional;

/** A chat platform's outgoing side, implemented by each adapter. */
public interface ChatGateway {

    String platform();

    /** Sends one delivery; throws {@link DeliveryException} with a retry hint when the platform refuses or fails. */
    void send(Delivery delivery);

    /** Who is this user? Used to register a member on first contact. */
    Optional<PlatformUser> lookupUser(String workspace, String userId);

    record PlatformUser(String userId, String displayName, String timeZone, String locale, boolean admin) {
    }
}
