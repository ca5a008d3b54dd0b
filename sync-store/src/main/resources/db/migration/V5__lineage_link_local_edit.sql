-- Whether this site's last change of the lineage was a person's edit here, published by the
-- outbound service and not yet overtaken by a change applied from the other site. The inbound
-- service needs it to see that both sites changed a worklog since they were last in step.
ALTER TABLE lineage_link ADD COLUMN local_edit BOOLEAN NOT NULL DEFAULT FALSE;
