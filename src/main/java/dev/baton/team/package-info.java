/**
 * Who is who: members with their platform identity, department, role, time zone, language and out-of-office,
 * and departments with their managers. Members register themselves on first contact.
 */
package dev.baton.team;
