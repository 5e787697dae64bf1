"""`getResolvedOptions` as AWS Glue documents it: `--name value` job arguments by name.

https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html:
every requested name must be present (without its dashes) or the call fails;
a value may also be given as `--name=value`.
"""


class GlueArgumentError(Exception):
    """A requested job argument is missing."""


def getResolvedOptions(args, options):  # noqa: N802 (AWS Glue's name)
    given = {}
    i = 1
    while i < len(args):
        arg = args[i]
        if arg.startswith("--"):
            name, equals, value = arg[2:].partition("=")
            if not equals:
                if i + 1 >= len(args):
                    raise GlueArgumentError(f"argument --{name}: expected one argument")
                value = args[i + 1]
                i += 1
            given[name] = value
        i += 1
    missing = [name for name in options if name not in given]
    if missing:
        raise GlueArgumentError("the following arguments are required: "
                                + ", ".join(f"--{name}" for name in missing))
    return {name: given[name] for name in options}
