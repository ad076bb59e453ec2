package dev.baton.okr;

import java.util.List;
import org.springframework.data.repository.CrudRepository;

public interface CheckIns extends CrudRepository<CheckIn, Long> {

    /** Newest last; ids grow with time and, unlike timestamps, never tie. */
    List<CheckIn> findByKeyResultIdOrderById(long keyResultId);
}
