-- What a person needs beyond a task's title: the status a daily report call reads out.
ALTER TABLE tasks ADD COLUMN brief text;
