package dev.baton.conversation;

import java.util.Optional;
import org.springframework.data.repository.CrudRepository;

interface Dialogs extends CrudRepository<Dialog, Long> {

    Optional<Dialog> findByDialogKey(String dialogKey);
}
