package dev.baton.meeting;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

interface MeetingSeriesRepository extends CrudRepository<MeetingSeries, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<MeetingSeries> findByWorkspaceAndNumber(String workspace, long number);


    @Query("SELECT s.* FROM meeting_series s JOIN meeting_participant p ON p.series_id = s.id "
            + "WHERE p.member_id = :memberId ORDER BY s.id")
    List<MeetingSeries> findByParticipant(long memberId);
}

interface Meetings extends CrudRepository<Meeting, Long> {

    List<Meeting> findBySeriesIdOrderBySeq(long seriesId);

    Optional<Meeting> findBySeriesIdAndSeq(long seriesId, int seq);
}

interface ActionItems extends CrudRepository<ActionItem, Long> {

    /** The one people name by its reference in {@code workspace} (see RefNumbers). */
    java.util.Optional<ActionItem> findByWorkspaceAndNumber(String workspace, long number);


    List<ActionItem> findBySeriesIdAndStatusOrderByDueDate(long seriesId, String status);

    List<ActionItem> findByOwnerIdAndStatusOrderByDueDate(long ownerId, String status);

    List<ActionItem> findByMeetingIdOrderById(long meetingId);
}
