"""The Glue backend's deploy fragment (glue/cloudformation/glue-job.yaml) is cfn-lint clean,
and the runtime's policy grants exactly what eltc_glue.py calls.

The Service Authorization Reference names the IAM action of each call
(StartJobRun -> glue:StartJobRun, GetJobRun -> glue:GetJobRun, GetJobRuns ->
glue:GetJobRuns, S3 GetObject -> s3:GetObject).
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT
from test_policy import CfnLoader, as_list

FRAGMENT = ROOT / "glue" / "cloudformation" / "glue-job.yaml"
SERVICE = {"glue": "glue", "s3": "s3"}


def glue_module_actions():
    found = set()
    for node in ast.walk(ast.parse((ROOT / "runtime" / "eltc_glue.py").read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            client = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if client in SERVICE:
                operation = "".join(part.capitalize() for part in node.func.attr.split("_"))
                found.add(f"{SERVICE[client]}:{operation}")
    return found


def test_the_fragment_is_cfn_lint_clean():
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or shutil.which("cfn-lint")
    done = subprocess.run([cfn_lint, "--", str(FRAGMENT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_runtime_policy_grants_exactly_the_calls_of_eltc_glue():
    template = yaml.load(FRAGMENT.read_text(), Loader=CfnLoader)
    statements = template["Resources"]["RuntimeGlueAccess"]["Properties"]["PolicyDocument"]["Statement"]
    granted = {action for s in statements for action in as_list(s["Action"])}
    called = glue_module_actions()
    assert called == {"glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "s3:GetObject"}
    assert granted == called
    for statement in statements:
        assert "*" not in as_list(statement["Resource"])


def test_the_job_runs_one_batch_at_a_time_without_bookmarks():
    job = yaml.load(FRAGMENT.read_text(), Loader=CfnLoader)["Resources"]["Job"]["Properties"]
    assert job["GlueVersion"] == "5.0" and job["ExecutionProperty"] == {"MaxConcurrentRuns": 1}
    assert job["DefaultArguments"]["--job-bookmark-option"] == "job-bookmark-disable"
