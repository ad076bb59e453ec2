package dev.baton.poll;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

interface LiveModules extends CrudRepository<LiveModule, Long> {

    List<LiveModule> findByWorkspaceAndChannelIdAndStatus(String workspace, String channelId, String status);
}
