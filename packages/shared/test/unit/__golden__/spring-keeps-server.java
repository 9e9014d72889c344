// Spring Boot (spring-webmvc): a @Configuration class beside your application class. With Spring Security,
// also call http.cors(Customizer.withDefaults()) so the OPTIONS preflight is answered before authentication.
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class CorsConfig implements WebMvcConfigurer {
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/**")
                .allowedOrigins("https://a.example", "https://app.example")
                // Replaces the default GET, HEAD, POST and is enforced, so it keeps them.
                .allowedMethods("GET", "POST", "PUT", "PATCH", "HEAD")
                .allowedHeaders("x-a", "x-b");
    }
}
