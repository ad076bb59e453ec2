/**
 * The Feishu (Lark) adapter: {@code /feishu/events} verifies (token, signature), decrypts and de-duplicates event
 * and card callbacks and maps them to {@code Inbound}; {@link dev.baton.feishu.FeishuCards} renders every
 * {@code Reply} as an interactive card; {@link dev.baton.feishu.FeishuApi} talks to the open API with a cached
 * tenant token and the platform's rate limits.
 */
package dev.baton.feishu;
