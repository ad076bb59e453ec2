/** Cross-cutting configuration: {@code baton.*} properties, the injected clock, JSON. */
package dev.baton.system;
