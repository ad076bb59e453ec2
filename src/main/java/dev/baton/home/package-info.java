/**
 * "My week": one place per person showing what Baton is waiting on from them — check-ins, action items, leads to
 * accept, posts to review, questionnaires, meetings — with the buttons to do it there; in Slack's App Home, as
 * {@code /week} everywhere, and behind Feishu's bot menu.
 */
package dev.baton.home;
