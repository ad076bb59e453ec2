-- Feishu chats Baton has seen a message from, with their kind: a card clicked in a group is answered privately with an
-- ephemeral card, one in a one-to-one chat with a message there (Feishu has no ephemeral cards in one-to-one chats,
-- and both kinds of chat id start with oc_).
CREATE TABLE feishu_chat (
    chat_id    VARCHAR(100) NOT NULL PRIMARY KEY,
    chat_type  VARCHAR(10)  NOT NULL,
    seen_at    DATETIME(3)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
