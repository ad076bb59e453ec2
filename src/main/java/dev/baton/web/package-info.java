/**
 * The local web console: try Baton without a chat workspace. People are picked by name, commands typed as in
 * Slack, buttons clicked and forms filled in the browser; replies go through the same engine and outbox as on any
 * platform ("web"), into {@code console_message}, which the page reads back. On by default with the embedded
 * development database, off otherwise unless {@code baton.console.enabled=true}: it has no login.
 */
package dev.baton.web;
