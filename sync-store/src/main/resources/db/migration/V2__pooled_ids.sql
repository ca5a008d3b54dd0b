-- Ids of the rows written most (links and history) come from sequences that hand out 50 at a
-- time, so that Hibernate can batch their inserts (an IDENTITY column forces one round trip per row).
ALTER SEQUENCE lineage_link_id_seq INCREMENT BY 50;
ALTER SEQUENCE lineage_history_id_seq INCREMENT BY 50;
