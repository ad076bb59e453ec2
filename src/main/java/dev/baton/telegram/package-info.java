/**
 * The Telegram adapter: updates arrive by long polling ({@link dev.baton.telegram.TelegramLongPolling}, no public
 * address) or at {@code /telegram/updates} ({@link dev.baton.telegram.TelegramWebhookController}), are de-duplicated
 * by {@code update_id} and mapped to {@code Inbound} ({@link dev.baton.telegram.TelegramUpdates});
 * {@link dev.baton.telegram.TelegramChatGateway} sends every {@code Reply} through the Bot API as HTML-escaped text
 * with inline keyboards whose {@code callback_data} stays under Telegram's 64 bytes
 * ({@link dev.baton.telegram.CallbackData}).
 */
package dev.baton.telegram;
