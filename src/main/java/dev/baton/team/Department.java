package dev.baton.team;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/** A department (marketing, sales, service, ...) identified in commands by a short key. */
@Table("department")
public class Department {

    @Id
    private Long id;
    private final String workspace;
    @Column("dept_key")
    private final String key;
    private String name;
    private Long managerId;
    /** The department's country (ISO 3166) when it is not the workspace's, or null. */
    private String country;
    @Version
    private Integer version;

    @PersistenceCreator
    Department(Long id, String workspace, String key, String name, Long managerId, String country, Integer version) {
        this.country = country;
        this.id = id;
        this.workspace = workspace;
        this.key = key;
        this.name = name;
        this.managerId = managerId;
        this.version = version;
    }

    static Department create(String workspace, String key, String name) {
        return new Department(null, workspace, key, name, null, null, null);
    }

    public long id() {
        return id;
    }

    public String key() {
        return key;
    }

    public String name() {
        return name;
    }

    public Long managerId() {
        return managerId;
    }

    void rename(String newName) {
        this.name = newName;
    }

    public String country() {
        return country;
    }

    void locatedIn(String code) {
        this.country = code;
    }

    void managedBy(Long member) {
        this.managerId = member;
    }
}
