/**
 * Cross-department meetings: a series with participants and rotating host / recorder / timekeeper, an agenda
 * collected ahead and published a day before, decisions and action items recorded and published within 24 hours,
 * action items followed up until done, unfinished talking points carried forward, and calendar invites and feeds.
 */
package dev.baton.meeting;
