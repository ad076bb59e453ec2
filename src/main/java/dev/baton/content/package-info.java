/**
 * The content calendar: planned posts per platform (WeChat official account, Weibo, Douyin, Xiaohongshu, blog,
 * newsletter) with owner, reviewer, stage and due times; reminders before and after each due time; calendar views in
 * chat; read-only iCalendar feeds; metrics after publishing.
 */
package dev.baton.content;
