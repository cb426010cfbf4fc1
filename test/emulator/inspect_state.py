"""Prints, as JSON, what the emulator test asserts on: the CloudFormation
stacks (with their tags), the SSM parameters under /cdk-bootstrap/, the IAM
roles and customer managed policies and every
bucket's object keys. Runs in .venv/moto (boto3 comes with moto); the
endpoint and the fake credentials come from the environment
(AWS_ENDPOINT_URL and friends, set by test/emulator/run.js)."""
import json

import boto3
import yaml


def parse_template(body):
    """GetTemplate answers a JSON template parsed and a YAML one as text."""
    if isinstance(body, dict):
        return body
    try:
        return json.loads(body)
    except ValueError:
        return yaml.safe_load(body)


session = boto3.session.Session()
cfn = session.client("cloudformation")
ssm = session.client("ssm")
iam = session.client("iam")
s3 = session.client("s3")

stacks = {}
for page in cfn.get_paginator("describe_stacks").paginate():
    for s in page["Stacks"]:
        stacks[s["StackName"]] = {
            "status": s["StackStatus"],
            "roleArn": s.get("RoleARN"),
            "outputs": {o["OutputKey"]: o["OutputValue"] for o in s.get("Outputs", [])},
            "parameters": {p["ParameterKey"]: p.get("ParameterValue") for p in s.get("Parameters", [])},
            "tags": {t["Key"]: t["Value"] for t in s.get("Tags", [])},
        }
        # The template CloudFormation holds and the physical resources it made:
        # moto leaves a stack created through a change set (as the CLI does)
        # without Outputs, so the test reads the declared outputs here.
        template = parse_template(cfn.get_template(StackName=s["StackName"])["TemplateBody"])
        stacks[s["StackName"]]["templateOutputs"] = template.get("Outputs") or {}
        stacks[s["StackName"]]["templateParameters"] = template.get("Parameters") or {}
        try:
            stacks[s["StackName"]]["resources"] = {
                r["LogicalResourceId"]: {"type": r["ResourceType"], "physicalId": r.get("PhysicalResourceId")}
                for page in cfn.get_paginator("list_stack_resources").paginate(StackName=s["StackName"])
                for r in page["StackResourceSummaries"]
                if r["LogicalResourceId"]  # moto lists a nameless entry for a type it skips
            }
        except Exception:  # noqa: BLE001 (botocore raises a parser error, not a BotoCoreError)
            # moto 5.2.5 fails to list a stack whose KMS key has tags (it reads
            # CloudFormation's Key/Value as TagKey/TagValue): no resources then.
            stacks[s["StackName"]]["resources"] = None

parameters = {}
for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/cdk-bootstrap/", Recursive=True):
    for p in page["Parameters"]:
        parameters[p["Name"]] = p["Value"]

roles = {}
for page in iam.get_paginator("list_roles").paginate():
    for r in page["Roles"]:
        roles[r["RoleName"]] = r["Arn"]

policies = {}
for page in iam.get_paginator("list_policies").paginate(Scope="Local"):
    for p in page["Policies"]:
        policies[p["PolicyName"]] = p["Arn"]

buckets = {}
for b in s3.list_buckets()["Buckets"]:
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=b["Name"]):
        keys.extend(o["Key"] for o in page.get("Contents", []))
    buckets[b["Name"]] = keys

print(json.dumps({"stacks": stacks, "parameters": parameters, "roles": roles, "policies": policies, "buckets": buckets}))
