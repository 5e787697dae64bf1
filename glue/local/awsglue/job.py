"""`Job` as a generated script uses it: init and commit (bookmarks stay off: nothing to keep)."""


class Job:
    def __init__(self, glue_context):
        self.glue_context = glue_context
        self.name = None

    def init(self, name, args=None):
        self.name = name

    def commit(self):
        return None
