package io.github.cdklandingzone.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklandingzone.DeployTier;
import io.github.cdklandingzone.GithubActionsRole;
import io.github.cdklandingzone.GithubOidcProvider;
import io.github.cdklandingzone.GithubRepository;
import io.github.cdklandingzone.GithubRepositoryIdentity;
import io.github.cdklandingzone.GithubSubject;
import io.github.cdklandingzone.GithubSubjectKind;
import io.github.cdklandingzone.PermissionBoundary;
import io.github.cdklandingzone.TieredDeployRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Java consumer test: the jsii-built jar (dist/java), used the way a Java CDK
 * app uses it. The Python twin is test/python/test_consumer.py.
 */
class ConsumerTest {
  private static final String SUB = "token.actions.githubusercontent.com:sub";
  private static final String AUD = "token.actions.githubusercontent.com:aud";

  private static Stack stack(String name) {
    App app = new App();
    return new Stack(app, name, StackProps.builder()
        .env(Environment.builder().account("555555555555").region("eu-west-1").build())
        .build());
  }

  @Test
  void providerAndTrustedRoleSynthesize() {
    Stack stack = stack("Workload");
    GithubRepository repo = GithubRepository.withIds(GithubRepositoryIdentity.builder()
        .owner("acme").ownerId("1000001").name("shop").repositoryId("2000002").build());
    GithubOidcProvider provider = new GithubOidcProvider(stack, "GithubOidc");
    GithubActionsRole.Builder.create(stack, "DeployRole")
        .provider(provider)
        .subjects(List.of(
            GithubSubject.environment(repo, "production"),
            GithubSubject.branchPattern(repo, "release/*")))
        .build();

    Template template = Template.fromStack(stack);
    template.resourceCountIs("AWS::IAM::OIDCProvider", 1);
    template.resourceCountIs("AWS::IAM::Role", 1);
    template.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Map.of("Statement", List.of(
            Match.objectLike(Map.of(
                "Sid", "GithubActionsExactSubjects",
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringEquals", Map.of(
                    AUD, "sts.amazonaws.com",
                    SUB, "repo:acme@1000001/shop@2000002:environment:production")))),
            Match.objectLike(Map.of(
                "Sid", "GithubActionsSubjectPatterns",
                "Action", "sts:AssumeRoleWithWebIdentity",
                "Condition", Map.of("StringLike", Map.of(
                    SUB, "repo:acme@1000001/shop@2000002:ref:refs/heads/release/*"))))))));
  }

  @Test
  void tierRoleCarriesTheBoundary() {
    Stack stack = stack("Production");
    GithubOidcProvider provider = new GithubOidcProvider(stack, "GithubOidc");
    PermissionBoundary boundary = new PermissionBoundary(stack, "PermissionBoundary");
    boundary.applyTo(stack);
    TieredDeployRole.Builder.create(stack, "ServicesDeployRole")
        .tier(DeployTier.SERVICES)
        .provider(provider)
        .subjects(List.of(GithubSubject.environment(GithubRepository.named("acme", "shop"), "production")))
        .boundary(boundary)
        .build();

    Template template = Template.fromStack(stack);
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::ManagedPolicy");
    assertEquals(1, policies.size());
    String policyId = policies.keySet().iterator().next();
    template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of(
        "ManagedPolicyName", PermissionBoundary.DEFAULT_MANAGED_POLICY_NAME));
    template.hasResourceProperties("AWS::IAM::Role", Map.of(
        "PermissionsBoundary", Map.of("Ref", policyId),
        "Path", "/landing-zone/"));
  }

  @Test
  void subjectRenderingIsTheSameInJava() {
    GithubRepository repo = GithubRepository.named("acme", "infra");
    GithubSubject subject = GithubSubject.environment(repo, "Production:V1");
    assertEquals("repo:acme/infra:environment:Production%3AV1", subject.getValue());
    assertFalse(subject.getIsPattern());
    assertEquals(GithubSubjectKind.ENVIRONMENT, subject.getKind());
    assertTrue(GithubSubject.tagPattern(repo, "v*").getIsPattern());
  }

  @Test
  void unsafeInputIsRefusedWithTheConstructName() {
    // A factory keeps its refusal until the value is used: reading what it renders raises it.
    GithubRepository refused = GithubRepository.named("acme*", "infra");
    RuntimeException error = assertThrows(RuntimeException.class, refused::getSubjectSegment);
    assertTrue(error.getMessage().contains("GithubRepository: invalid owner: received \"acme*\""), error.getMessage());
  }
}
