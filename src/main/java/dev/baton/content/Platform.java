package dev.baton.content;

import java.util.Locale;
import java.util.Optional;

/** Where a post goes out. */
public enum Platform {
    WECHAT, WEIBO, DOUYIN, XIAOHONGSHU, BLOG, NEWSLETTER, OTHER;

    static Optional<Platform> parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "wechat", "weixin", "微信", "公众号", "微信公众号" -> Optional.of(WECHAT);
            case "weibo", "微博" -> Optional.of(WEIBO);
            case "douyin", "tiktok", "抖音" -> Optional.of(DOUYIN);
            case "xiaohongshu", "xhs", "rednote", "小红书" -> Optional.of(XIAOHONGSHU);
            case "blog", "博客" -> Optional.of(BLOG);
            case "newsletter", "email", "邮件", "电子报" -> Optional.of(NEWSLETTER);
            case "other", "其他" -> Optional.of(OTHER);
            default -> Optional.empty();
        };
    }

    String key() {
        return "content.platform." + name().toLowerCase(Locale.ROOT);
    }
}
