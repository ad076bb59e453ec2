/**
 * The platform-neutral conversation engine: what people send ({@link dev.baton.conversation.Inbound}), what Baton
 * answers ({@link dev.baton.conversation.Reply}), the command SPI with its generated help, the argument parser and
 * persisted multi-step dialogs. Adapters translate platforms to and from these types; features never see a platform.
 */
package dev.baton.conversation;
