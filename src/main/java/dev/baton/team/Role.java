package dev.baton.team;

import java.util.Locale;
import java.util.Optional;

public enum Role {
    ADMIN, MANAGER, TRAINER, MEMBER;

    public static Optional<Role> parse(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        return switch (w) {
            case "admin", "管理员" -> Optional.of(ADMIN);
            case "manager", "经理" -> Optional.of(MANAGER);
            case "trainer", "培训师" -> Optional.of(TRAINER);
            case "member", "成员" -> Optional.of(MEMBER);
            default -> Optional.empty();
        };
    }

    public String key() {
        return "role." + name().toLowerCase(Locale.ROOT);
    }
}
