/**
 * The weekly manager digest: one direct message a week, at the manager's chosen day and local time, covering the
 * departments they manage — OKR progress and its change, falling confidence, missing check-ins, and content
 * published versus planned and overdue. Built from the features' own report services.
 */
package dev.baton.digest;
