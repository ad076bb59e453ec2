/**
 * Working calendars: which days are workdays for a workspace — weekends, the country's public holidays and
 * make-up workdays (mainland China's official arrangements ship as data), and the workspace's own days.
 */
package dev.baton.calendar;
