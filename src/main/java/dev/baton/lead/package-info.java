/**
 * Lead handoffs from marketing to sales: capture (command, form or signed HTTP API), routing by ordered rules to a
 * member or a round-robin pool, an acceptance SLA in the assignee's business hours with reminder and re-routing,
 * the lifecycle to won or lost with quality ratings back to marketing, reporting, and privacy of contact details.
 */
package dev.baton.lead;
