"""`DynamicFrame.fromDF` / `toDF` as a generated script uses them: a DataFrame carried as is."""


class DynamicFrame:
    def __init__(self, frame, glue_context, name):
        self.frame, self.glue_ctx, self.name = frame, glue_context, name

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):  # noqa: N802 (AWS Glue's name)
        return cls(dataframe, glue_ctx, name)

    def toDF(self):  # noqa: N802 (AWS Glue's name)
        return self.frame

    def count(self):
        return self.frame.count()
