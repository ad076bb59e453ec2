package dev.baton.lead;

import dev.baton.conversation.Reply;
import dev.baton.conversation.Texts;
import dev.baton.team.Member;
import dev.baton.team.Team;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** How a lead looks to someone: full contact details for those allowed to see them, masked for everyone else. */
@Component
class LeadView {

    static final String ACTION_ACCEPT = "lead.accept";
    static final String ACTION_DECLINE = "lead.decline";

    private final Team team;

    LeadView(Team team) {
        this.team = team;
    }

    /** The assignee, their manager and admins see email and phone; others see them masked. */
    boolean maySeeContact(Lead lead, Member viewer) {
        if (viewer.isAdmin()) {
            return true;
        }
        if (lead.assigneeId().isEmpty()) {
            return false;
        }
        if (lead.assigneeId().get() == viewer.id()) {
            return true;
        }
        Member assignee = team.member(lead.assigneeId().get());
        return team.canManage(viewer, assignee) && viewer.id() != assignee.id();
    }

    static String maskEmail(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        return digits.length() <= 4 ? "****" : "****" + digits.substring(digits.length() - 4);
    }

    static String when(Instant at, ZoneId zone, Texts t) {
        return t.dateTime(at, zone);
    }

    List<String> details(Lead lead, Member viewer, Texts t) {
        boolean full = maySeeContact(lead, viewer);
        List<String> lines = new ArrayList<>();
        String contact = lead.contactName() == null ? "-" : lead.contactName();
        String email = full ? lead.email() : maskEmail(lead.email());
        String phone = full ? lead.phone() : maskPhone(lead.phone());
        lines.add(t.t("lead.line.contact", contact, email == null ? "-" : email, phone == null ? "-" : phone));
        lines.add(t.t("lead.line.source", lead.source(), lead.campaign() == null ? "-" : lead.campaign(),
                lead.intent()));
        if (!lead.tags().isEmpty()) {
            lines.add(t.t("lead.line.tags", String.join(", ", lead.tags())));
        }
        if (lead.region() != null || lead.product() != null) {
            lines.add(t.t("lead.line.region", lead.region() == null ? "-" : lead.region(),
                    lead.product() == null ? "-" : lead.product()));
        }
        if (lead.notes() != null) {
            lines.add(t.t("lead.line.notes", lead.notes()));
        }
        return lines;
    }

    Reply.Card handoff(Lead lead, Member to, Texts t, Instant deadline, boolean rerouted) {
        List<String> lines = new ArrayList<>();
        if (rerouted) {
            lines.add(t.t("lead.handoff.rerouted"));
        }
        lines.addAll(details(lead, to, t));
        lines.add(t.t("lead.handoff.deadline", when(deadline, to.zone(), t), lead.slaMinutes() / 60.0));
        return new Reply.Card(t.t("lead.handoff.title", lead.ref(), lead.company()), lines, List.of(), List.of(
                new Reply.Button(t.t("lead.button.accept"), ACTION_ACCEPT, String.valueOf(lead.id()),
                        Reply.Button.Style.PRIMARY),
                new Reply.Button(t.t("lead.button.decline"), ACTION_DECLINE, String.valueOf(lead.id()),
                        Reply.Button.Style.DANGER)), t.t("lead.handoff.footer", lead.ref()));
    }

    String status(Lead lead, Texts t) {
        String who = lead.assigneeId().map(id -> team.member(id).displayName()).orElse(t.t("lead.nobody"));
        return t.t("lead.line.status", t.t(lead.status().key()), who);
    }

    String name(long memberId) {
        return team.member(memberId).displayName();
    }
}
