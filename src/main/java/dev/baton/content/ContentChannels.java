package dev.baton.content;

import java.util.Optional;
import org.springframework.data.repository.CrudRepository;

interface ContentChannels extends CrudRepository<ContentChannel, Long> {

    Optional<ContentChannel> findByWorkspaceAndPlatform(String workspace, Platform platform);
}
