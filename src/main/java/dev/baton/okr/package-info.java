/**
 * OKRs: objectives per person and department for a period, aligned across departments by a parent link; key results
 * with start, target, current value and confidence; check-ins with history; weekly check-in prompts in each
 * member's own time zone with snooze and a reminder.
 */
package dev.baton.okr;
